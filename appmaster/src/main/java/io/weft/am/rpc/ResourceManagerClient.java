package io.weft.am.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.ClientInterceptors;
import io.grpc.StatusRuntimeException;
import io.weft.am.allocator.AllocateAnswer;
import io.weft.am.allocator.AllocateCall;
import io.weft.am.allocator.AllocatedContainer;
import io.weft.am.allocator.AmCommand;
import io.weft.am.allocator.CompletedContainer;
import io.weft.am.allocator.ContainerAsk;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.RpcErrors;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.Container;
import io.weft.proto.ContainerStatus;
import io.weft.proto.FinalApplicationStatus;
import io.weft.proto.FinishApplicationMasterRequest;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.RegisterApplicationMasterResponse;
import io.weft.proto.ResourceRequest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The AM's side of ApplicationMasterService, in domain terms; every call has a deadline and the AMRM token. */
public final class ResourceManagerClient {
  /** The final status the AM reports. */
  public enum FinalStatus { SUCCEEDED, FAILED, KILLED }

  private final ApplicationMasterServiceGrpc.ApplicationMasterServiceBlockingStub stub;
  private final ApplicationAttemptId attemptId;
  private final Duration timeout;
  private volatile String trackingUrl = "";
  private final Set<Context.CancellableContext> pendingAllocates = ConcurrentHashMap.newKeySet();

  public ResourceManagerClient(Channel channel, byte[] amrmToken, ApplicationAttemptId attemptId, Duration timeout) {
    this.stub = ApplicationMasterServiceGrpc.newBlockingStub(
        ClientInterceptors.intercept(channel, new AmRmTokenInterceptor(amrmToken)));
    this.attemptId = requireNonNull(attemptId);
    this.timeout = requireNonNull(timeout);
  }

  /**
   * Registers with {@code trackingUrl} (the driver UI; empty = none); returns the largest container
   * the RM will grant.
   */
  public Resource register(String host, String trackingUrl) {
    this.trackingUrl = requireNonNull(trackingUrl);
    return register(host);
  }

  /** Registers (again, e.g. after a resync) with the tracking URL given last. */
  public Resource register(String host) {
    try {
      RegisterApplicationMasterResponse response = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder()
              .setApplicationAttemptId(attemptId.toString()).setHost(host).setTrackingUrl(trackingUrl).build());
      return Resources.fromProto(response.getMaximumResourceCapability());
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "register " + attemptId + " with the ResourceManager");
    }
  }

  public AllocateAnswer allocate(AllocateCall call) {
    AllocateRequest.Builder request = AllocateRequest.newBuilder()
        .setApplicationAttemptId(attemptId.toString())
        .setResponseId(call.responseId())
        .setProgress(call.progress())
        .setMaxWaitMs(call.maxWait().toMillis());
    for (ContainerAsk ask : call.asks()) {
      request.addAsks(ResourceRequest.newBuilder().setPriority(ask.priority()).setResourceName(ask.resourceName())
          .setCapability(Resources.toProto(ask.capability())).setNumContainers(ask.count())
          .setRelaxLocality(ask.relaxLocality()));
    }
    call.releases().forEach(id -> request.addReleases(id.toString()));
    Context.CancellableContext context = Context.current().withCancellation();
    pendingAllocates.add(context);
    Context previous = context.attach();
    try {
      AllocateResponse response = stub
          .withDeadlineAfter(timeout.plus(call.maxWait()).toMillis(), TimeUnit.MILLISECONDS)
          .allocate(request.build());
      return new AllocateAnswer(response.getResponseId(),
          response.getAllocatedContainersList().stream().map(ResourceManagerClient::allocated).toList(),
          response.getCompletedContainerStatusesList().stream().map(ResourceManagerClient::completed).toList(),
          command(response), response.getWaitingReason());
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "allocate for " + attemptId);
    } finally {
      context.detach(previous);
      pendingAllocates.remove(context);
      context.close();
    }
  }

  /**
   * Cancels Allocate calls in flight (a long poll the AM no longer needs); they fail with CANCELLED.
   * Without this the AM's exit would wait out the poll.
   */
  public void cancelPendingAllocates() {
    pendingAllocates.forEach(context -> context.cancel(null));
  }

  /** Unregisters; true when the RM confirms. */
  public boolean finish(FinalStatus status, String diagnostics) {
    FinalApplicationStatus wire = switch (status) {
      case SUCCEEDED -> FinalApplicationStatus.FINAL_SUCCEEDED;
      case FAILED -> FinalApplicationStatus.FINAL_FAILED;
      case KILLED -> FinalApplicationStatus.FINAL_KILLED;
    };
    try {
      return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .finishApplicationMaster(FinishApplicationMasterRequest.newBuilder()
              .setApplicationAttemptId(attemptId.toString()).setFinalApplicationStatus(wire)
              .setDiagnostics(diagnostics).build())
          .getIsUnregistered();
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "unregister " + attemptId);
    }
  }

  private static AllocatedContainer allocated(Container c) {
    return new AllocatedContainer(ContainerId.parse(c.getId()), NodeId.parse(c.getNodeId()),
        Resources.fromProto(c.getResource()), c.getContainerToken().toByteArray());
  }

  private static CompletedContainer completed(ContainerStatus s) {
    return new CompletedContainer(ContainerId.parse(s.getContainerId()), s.getExitStatus(), s.getDiagnostics());
  }

  private static AmCommand command(AllocateResponse response) {
    return switch (response.getAmCommand()) {
      case AM_RESYNC -> AmCommand.RESYNC;
      case AM_SHUTDOWN -> AmCommand.SHUTDOWN;
      default -> AmCommand.NONE;
    };
  }
}
