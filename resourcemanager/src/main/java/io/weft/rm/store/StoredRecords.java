package io.weft.rm.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.security.MasterKey;
import io.weft.proto.StoredAllocation;
import io.weft.proto.StoredApplication;
import io.weft.proto.StoredAttempt;
import io.weft.proto.StoredIdentity;
import io.weft.proto.StoredMasterKey;
import io.weft.proto.StoredResource;
import io.weft.rm.app.AppState;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.app.AttemptState;
import io.weft.rm.app.FinalStatus;
import io.weft.rm.container.Allocation;
import java.time.Instant;
import java.util.Optional;

/**
 * Maps the store's records to the protobuf messages of {@code rm_state.proto} and back. Enums are
 * kept by name, so reordering a Java enum never changes what a stored record means. Reading throws
 * whatever the record's own validation throws; the store turns that into a {@link StateStoreException}.
 */
final class StoredRecords {
  private StoredRecords() {}

  static StoredApplication toProto(ApplicationRecord record) {
    ApplicationSubmission s = record.submission();
    StoredApplication.Builder b = StoredApplication.newBuilder()
        .setApplicationId(s.id().toString()).setName(s.name()).setQueue(s.queue()).setUser(s.user())
        .setType(s.type()).addAllTags(s.tags()).setPriority(s.priority()).setAmResource(toProto(s.amResource()))
        .setMaxAttempts(s.maxAttempts()).setAmLaunchContext(ByteString.copyFrom(s.amLaunchContext()))
        .setKeepContainersAcrossAttempts(s.keepContainersAcrossAttempts())
        .setLifetimeMs(s.lifetime().toMillis()).setUnmanagedAm(s.unmanagedAm())
        .setAmNodeLabelExpression(s.amNodeLabelExpression())
        .setNodeLabelExpression(s.nodeLabelExpression())
        .setAmResourceName(s.amResourceName())
        .setSubmitTime(toProto(record.submitTime()));
    if (record.finalState() != null) {
      b.setFinalState(record.finalState().name());
    }
    if (record.finalStatus() != null) {
      b.setFinalStatus(record.finalStatus().name());
    }
    if (record.diagnostics() != null) {
      b.setDiagnostics(record.diagnostics());
    }
    if (record.finishTime() != null) {
      b.setFinishTime(toProto(record.finishTime()));
    }
    return b.build();
  }

  static ApplicationRecord fromProto(StoredApplication p) {
    ApplicationSubmission submission = new ApplicationSubmission(ApplicationId.parse(p.getApplicationId()),
        p.getName(), p.getQueue(), p.getUser(), p.getType(), p.getTagsList(), p.getPriority(),
        fromProto(p.getAmResource()), p.getMaxAttempts(), p.getAmLaunchContext().toByteArray(),
        p.getKeepContainersAcrossAttempts(), java.time.Duration.ofMillis(p.getLifetimeMs()), p.getUnmanagedAm(),
        p.getAmNodeLabelExpression(), p.getNodeLabelExpression(), p.getAmResourceName());
    return new ApplicationRecord(submission, fromProto(p.getSubmitTime()),
        p.hasFinalState() ? AppState.valueOf(p.getFinalState()) : null,
        p.hasFinalStatus() ? FinalStatus.valueOf(p.getFinalStatus()) : null,
        p.hasDiagnostics() ? p.getDiagnostics() : null,
        p.hasFinishTime() ? fromProto(p.getFinishTime()) : null);
  }

  static StoredAttempt toProto(AttemptRecord record) {
    StoredAttempt.Builder b = StoredAttempt.newBuilder().setAttemptId(record.id().toString())
        .setStartTime(toProto(record.startTime())).setState(record.state().name()).setHost(record.host())
        .setRpcPort(record.rpcPort()).setTrackingUrl(record.trackingUrl()).setDiagnostics(record.diagnostics())
        .setAmExitStatus(record.amExitStatus());
    if (record.amContainer() != null) {
      b.setAmContainer(toProto(record.amContainer()));
    }
    if (record.finishTime() != null) {
      b.setFinishTime(toProto(record.finishTime()));
    }
    return b.build();
  }

  static AttemptRecord fromProto(StoredAttempt p) {
    return new AttemptRecord(ApplicationAttemptId.parse(p.getAttemptId()), fromProto(p.getStartTime()),
        AttemptState.valueOf(p.getState()), p.hasAmContainer() ? fromProto(p.getAmContainer()) : null,
        p.getHost(), p.getRpcPort(), p.getTrackingUrl(), p.getDiagnostics(), p.getAmExitStatus(),
        p.hasFinishTime() ? fromProto(p.getFinishTime()) : null);
  }

  static StoredIdentity toProto(RmIdentity identity) {
    StoredIdentity.Builder p = StoredIdentity.newBuilder().setClusterTimestamp(identity.clusterTimestamp())
        .setEpoch(identity.epoch()).setAmrmKey(toProto(identity.amrmKey()))
        .setKeysChangedAt(toProto(identity.keysChangedAt()));
    identity.amrmKeys().previous().ifPresent(k -> p.setAmrmPreviousKey(toProto(k)));
    RollingKey container = identity.containerKeys();
    p.setContainerKey(toProto(container.current()));
    container.next().ifPresent(k -> p.setContainerNextKey(toProto(k)));
    container.previous().ifPresent(k -> p.setContainerPreviousKey(toProto(k)));
    RollingKey nm = identity.nmTokenKeys();
    p.setNmTokenKey(toProto(nm.current()));
    nm.next().ifPresent(k -> p.setNmTokenNextKey(toProto(k)));
    nm.previous().ifPresent(k -> p.setNmTokenPreviousKey(toProto(k)));
    return p.build();
  }

  /**
   * An identity stored before keys rolled has no NM-token key and no time of change: it gets a new
   * NM-token key (stored with the restarted identity) and a roll due at once.
   */
  static RmIdentity fromProto(StoredIdentity p) {
    RollingKey container = new RollingKey(fromProto(p.getContainerKey()),
        p.hasContainerNextKey() ? Optional.of(fromProto(p.getContainerNextKey())) : Optional.empty(),
        p.hasContainerPreviousKey() ? Optional.of(fromProto(p.getContainerPreviousKey())) : Optional.empty());
    RollingKey nm = !p.hasNmTokenKey() ? RollingKey.fresh() : new RollingKey(fromProto(p.getNmTokenKey()),
        p.hasNmTokenNextKey() ? Optional.of(fromProto(p.getNmTokenNextKey())) : Optional.empty(),
        p.hasNmTokenPreviousKey() ? Optional.of(fromProto(p.getNmTokenPreviousKey())) : Optional.empty());
    if (container.next().isPresent() != nm.next().isPresent()) {
      // Cannot be written by this code; read defensively: finish the roll on both at the next check.
      container = container.next().isPresent() ? container : container.withNext();
      nm = nm.next().isPresent() ? nm : nm.withNext();
    }
    RollingKey amrm = new RollingKey(fromProto(p.getAmrmKey()), Optional.empty(),
        p.hasAmrmPreviousKey() ? Optional.of(fromProto(p.getAmrmPreviousKey())) : Optional.empty());
    return new RmIdentity(p.getClusterTimestamp(), p.getEpoch(), container, nm, amrm,
        p.hasKeysChangedAt() ? fromProto(p.getKeysChangedAt()) : Instant.EPOCH);
  }

  private static StoredAllocation toProto(Allocation a) {
    return StoredAllocation.newBuilder().setContainerId(a.containerId().toString())
        .setNodeId(a.nodeId().toString()).setNodeHttpAddress(a.nodeHttpAddress()).setResource(toProto(a.resource()))
        .setPriority(a.priority()).setAllocationRequestId(a.allocationRequestId()).setUser(a.user()).build();
  }

  private static Allocation fromProto(StoredAllocation p) {
    return new Allocation(ContainerId.parse(p.getContainerId()), NodeId.parse(p.getNodeId()),
        p.getNodeHttpAddress(), fromProto(p.getResource()), p.getPriority(), p.getAllocationRequestId(), p.getUser());
  }

  private static StoredResource toProto(Resource r) {
    return StoredResource.newBuilder().setMemoryMb(r.memoryMb()).setVcores(r.vcores()).putAllOthers(r.others())
        .build();
  }

  private static Resource fromProto(StoredResource p) {
    return new Resource(p.getMemoryMb(), p.getVcores(), p.getOthersMap());
  }

  private static StoredMasterKey toProto(MasterKey key) {
    return StoredMasterKey.newBuilder().setKeyId(key.keyId()).setSecret(ByteString.copyFrom(key.secret())).build();
  }

  private static MasterKey fromProto(StoredMasterKey p) {
    return new MasterKey(p.getKeyId(), p.getSecret().toByteArray());
  }

  private static Timestamp toProto(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  private static Instant fromProto(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
