package io.weft.am.rpc;

import io.weft.am.client.Container;
import io.weft.am.client.ContainerLaunchContext;
import io.weft.am.client.ContainerStatus;
import io.weft.am.client.LocalResource;
import io.weft.am.client.NodeUpdate;
import io.weft.am.client.PreemptionMessage;
import io.weft.am.client.RejectedRequest;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.Resources;
import io.weft.proto.LocalResourceType;
import io.weft.proto.LocalResourceVisibility;
import io.weft.proto.NodeReport;
import io.weft.proto.PreemptionContainer;
import io.weft.proto.RejectedAsk;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The one translation between the AM API's records and their wire messages. */
final class AmProtos {
  private AmProtos() {}

  static Container container(io.weft.proto.Container c) {
    return new Container(ContainerId.parse(c.getId()), NodeId.parse(c.getNodeId()), c.getNodeHttpAddress(),
        Resources.fromProto(c.getResource()), c.getPriority(), c.getAllocationRequestId(),
        c.getContainerToken().toByteArray());
  }

  static ContainerStatus status(io.weft.proto.ContainerStatus s) {
    ContainerStatus.State state = switch (s.getState()) {
      case CONTAINER_RUNNING -> ContainerStatus.State.RUNNING;
      case CONTAINER_SCHEDULED -> ContainerStatus.State.SCHEDULED;
      case CONTAINER_NEW, CONTAINER_STATE_UNSPECIFIED, UNRECOGNIZED -> ContainerStatus.State.NEW;
      case CONTAINER_COMPLETE -> ContainerStatus.State.COMPLETE;
    };
    return new ContainerStatus(ContainerId.parse(s.getContainerId()), state, s.getExitStatus(), s.getDiagnostics());
  }

  /** A completion as the RM reports it in an Allocate answer (the state field may be left unset there). */
  static ContainerStatus completed(io.weft.proto.ContainerStatus s) {
    return new ContainerStatus(ContainerId.parse(s.getContainerId()), ContainerStatus.State.COMPLETE,
        s.getExitStatus(), s.getDiagnostics());
  }

  static NodeUpdate node(NodeReport n) {
    return new NodeUpdate(NodeId.parse(n.getNodeId()), n.getNodeState().name().replaceFirst("^NODE_", ""),
        n.getRackName(), Resources.fromProto(n.getCapability()), n.getHealthReport(), n.getNodeLabelsList());
  }

  static RejectedRequest rejected(RejectedAsk r) {
    return new RejectedRequest(r.getPriority(), Resources.fromProto(r.getCapability()), r.getAllocationRequestId(),
        r.getNumContainers(), r.getReason());
  }

  /** {@link PreemptionMessage#NONE} when the answer has none. */
  static PreemptionMessage preemption(io.weft.proto.AllocateResponse response) {
    if (!response.hasPreempt()) {
      return PreemptionMessage.NONE;
    }
    io.weft.proto.PreemptionMessage p = response.getPreempt();
    return new PreemptionMessage(containers(p.getStrictContractList()), containers(p.getContractList()),
        Duration.ofMillis(p.getGracePeriodMs()));
  }

  private static Set<ContainerId> containers(List<PreemptionContainer> wire) {
    return wire.stream().map(c -> ContainerId.parse(c.getContainerId())).collect(Collectors.toSet());
  }

  static io.weft.proto.ContainerLaunchContext launchContext(ContainerLaunchContext launch) {
    io.weft.proto.ContainerLaunchContext.Builder context = io.weft.proto.ContainerLaunchContext.newBuilder()
        .addAllCommand(launch.command())
        .putAllEnvironment(launch.environment());
    launch.localResources().forEach((link, resource) -> context.putLocalResources(link, localResource(resource)));
    launch.serviceData().forEach((name, data) -> context.putServiceData(name,
        com.google.protobuf.ByteString.copyFrom(data)));
    return context.build();
  }

  static io.weft.proto.LocalResource localResource(LocalResource resource) {
    return io.weft.proto.LocalResource.newBuilder().setUri(resource.uri())
        .setType(resource.type() == LocalResource.Type.ARCHIVE ? LocalResourceType.ARCHIVE : LocalResourceType.FILE)
        .setVisibility(LocalResourceVisibility.APPLICATION).setSize(resource.size()).setSha256(resource.sha256())
        .build();
  }
}
