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
import io.weft.am.client.AllocateResponse;
import io.weft.am.client.RegisterResponse;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.RpcErrors;
import io.weft.proto.AllocateRequest;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.FinalApplicationStatus;
import io.weft.proto.FinishApplicationMasterRequest;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.RegisterApplicationMasterResponse;
import io.weft.proto.ResourceRequest;
import java.time.Duration;
import java.util.List;
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
  private final Set<Context.CancellableContext> pendingAllocates = ConcurrentHashMap.newKeySet();

  public ResourceManagerClient(Channel channel, byte[] amrmToken, ApplicationAttemptId attemptId, Duration timeout) {
    this.stub = ApplicationMasterServiceGrpc.newBlockingStub(
        ClientInterceptors.intercept(channel, new AmRmTokenInterceptor(amrmToken)));
    this.attemptId = requireNonNull(attemptId);
    this.timeout = requireNonNull(timeout);
  }

  public ApplicationAttemptId attemptId() {
    return attemptId;
  }

  /** Registers; returns the largest container the RM will grant. */
  public Resource register(String host) {
    return register(host, 0, "").maximumCapability();
  }

  /** Registers the attempt's AM at {@code host:rpcPort} (0 = none) with its tracking URL (may be empty). */
  public RegisterResponse register(String host, int rpcPort, String trackingUrl) {
    try {
      RegisterApplicationMasterResponse response = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder()
              .setApplicationAttemptId(attemptId.toString()).setHost(host).setRpcPort(rpcPort)
              .setTrackingUrl(trackingUrl).build());
      return new RegisterResponse(Resources.fromProto(response.getMaximumResourceCapability()), response.getQueue(),
          response.getContainersFromPreviousAttemptsList().stream().map(AmProtos::container).toList());
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "register " + attemptId + " with the ResourceManager");
    }
  }

  public AllocateAnswer allocate(AllocateCall call) {
    AllocateResponse response = allocate(call.responseId(), call.asks(), call.releases(), call.progress(),
        call.maxWait());
    return new AllocateAnswer(response.responseId(),
        response.allocatedContainers().stream().map(c -> new AllocatedContainer(c.id(), c.nodeId(), c.resource(),
            c.containerToken())).toList(),
        response.completedContainers().stream().map(s -> new CompletedContainer(s.containerId(), s.exitStatus(),
            s.diagnostics())).toList(),
        switch (response.command()) {
          case NONE -> AmCommand.NONE;
          case RESYNC -> AmCommand.RESYNC;
          case SHUTDOWN -> AmCommand.SHUTDOWN;
        }, response.waitingReason());
  }

  /**
   * Sends {@code asks} (each the total still wanted for its key) and {@code releases}; the RM may
   * hold the call up to {@code maxWait} when it has nothing new (long poll).
   */
  public AllocateResponse allocate(int responseId, List<ContainerAsk> asks, List<ContainerId> releases,
      float progress, Duration maxWait) {
    AllocateRequest.Builder request = AllocateRequest.newBuilder()
        .setApplicationAttemptId(attemptId.toString())
        .setResponseId(responseId)
        .setProgress(progress)
        .setMaxWaitMs(maxWait.toMillis());
    for (ContainerAsk ask : asks) {
      request.addAsks(ResourceRequest.newBuilder().setPriority(ask.priority()).setResourceName(ask.resourceName())
          .setCapability(Resources.toProto(ask.capability())).setNumContainers(ask.count())
          .setRelaxLocality(ask.relaxLocality()).setAllocationRequestId(ask.allocationRequestId()));
    }
    releases.forEach(id -> request.addReleases(id.toString()));
    Context.CancellableContext context = Context.current().withCancellation();
    pendingAllocates.add(context);
    Context previous = context.attach();
    try {
      io.weft.proto.AllocateResponse response = stub
          .withDeadlineAfter(timeout.plus(maxWait).toMillis(), TimeUnit.MILLISECONDS)
          .allocate(request.build());
      return new AllocateResponse(response.getResponseId(),
          response.getAllocatedContainersList().stream().map(AmProtos::container).toList(),
          response.getCompletedContainerStatusesList().stream().map(AmProtos::completed).toList(),
          response.getUpdatedNodesList().stream().map(AmProtos::node).toList(),
          Resources.fromProto(response.getAvailableResources()), response.getNumClusterNodes(),
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
    return finish(status, diagnostics, "");
  }

  /** Unregisters with the final tracking URL (empty = keep the registered one); true when the RM confirms. */
  public boolean finish(FinalStatus status, String diagnostics, String trackingUrl) {
    FinalApplicationStatus wire = switch (status) {
      case SUCCEEDED -> FinalApplicationStatus.FINAL_SUCCEEDED;
      case FAILED -> FinalApplicationStatus.FINAL_FAILED;
      case KILLED -> FinalApplicationStatus.FINAL_KILLED;
    };
    try {
      return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .finishApplicationMaster(FinishApplicationMasterRequest.newBuilder()
              .setApplicationAttemptId(attemptId.toString()).setFinalApplicationStatus(wire)
              .setDiagnostics(diagnostics).setTrackingUrl(trackingUrl).build())
          .getIsUnregistered();
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, "unregister " + attemptId);
    }
  }

  private static AllocateResponse.Command command(io.weft.proto.AllocateResponse response) {
    return switch (response.getAmCommand()) {
      case AM_RESYNC -> AllocateResponse.Command.RESYNC;
      case AM_SHUTDOWN -> AllocateResponse.Command.SHUTDOWN;
      default -> AllocateResponse.Command.NONE;
    };
  }
}
