package io.weft.am.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.ClientInterceptors;
import io.grpc.StatusRuntimeException;
import io.weft.am.allocator.ContainerAsk;
import io.weft.am.client.AllocateResponse;
import io.weft.am.client.RegisterResponse;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.OutageReporter;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.RetryPolicy;
import io.weft.common.rpc.RetryingCalls;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.ApplicationCertificate;
import io.weft.proto.AllocateRequest;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.FinalApplicationStatus;
import io.weft.proto.FinishApplicationMasterRequest;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.RegisterApplicationMasterResponse;
import io.weft.proto.ResourceRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The AM's side of ApplicationMasterService, in domain terms; every call has a deadline and the AMRM
 * token. Every AM (cluster mode, ExecutorLauncher, the AM API and so the distributed shell) talks to
 * the RM through this class, so this is where they all ride out an RM they cannot reach: a call
 * that fails UNAVAILABLE (an Allocate also DEADLINE_EXCEEDED) is retried as the {@link RetryPolicy}
 * says, as it was, and only after its max wait fails, naming the RM's address and the time waited.
 * An order to resync is answered here too: the AM registers again as it did before. Allocate's
 * response ids and the RM's orders are kept by {@link AllocateSession}.
 */
public final class ResourceManagerClient {
  private static final Logger LOG = LogManager.getLogger();

  /** The final status the AM reports. */
  public enum FinalStatus { SUCCEEDED, FAILED, KILLED }

  /** How the AM registered, to register again the same way after a resync. */
  private record Registration(String host, int rpcPort, String trackingUrl, String trackingCertificate) {}

  private final ApplicationMasterServiceGrpc.ApplicationMasterServiceBlockingStub stub;
  private final AmRmTokenInterceptor amrmHeader;
  private final ApplicationAttemptId attemptId;
  private final Duration timeout;
  private final RetryingCalls calls;
  /** Allocate is safe to repeat (the RM answers a repeated response id again): a deadline passed is retried too. */
  private final RetryingCalls allocateCalls;
  private volatile Registration registration;
  private final Set<Context.CancellableContext> pendingAllocates = ConcurrentHashMap.newKeySet();
  private final NmTokens nmTokens;

  /** A client retrying as {@code weft.resourcemanager.connect.*}'s defaults say. */
  public ResourceManagerClient(Channel channel, byte[] amrmToken, ApplicationAttemptId attemptId, Duration timeout) {
    this(channel, amrmToken, attemptId, timeout, RetryPolicy.forResourceManager(WeftConfig.of(Map.of())));
  }

  public ResourceManagerClient(Channel channel, byte[] amrmToken, ApplicationAttemptId attemptId, Duration timeout,
      RetryPolicy retryPolicy) {
    this(channel, amrmToken, attemptId, timeout, retryPolicy, NmTokens.shared());
  }

  /** {@code nmTokens} keeps the NM tokens the RM hands the attempt, for its {@link NodeManagerClient}. */
  public ResourceManagerClient(Channel channel, byte[] amrmToken, ApplicationAttemptId attemptId, Duration timeout,
      RetryPolicy retryPolicy, NmTokens nmTokens) {
    this.nmTokens = requireNonNull(nmTokens);
    this.amrmHeader = new AmRmTokenInterceptor(amrmToken);
    this.stub = ApplicationMasterServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel, amrmHeader));
    this.attemptId = requireNonNull(attemptId);
    this.timeout = requireNonNull(timeout);
    this.calls = new RetryingCalls(channel, retryPolicy, OutageReporter.logged(channel, LOG));
    this.allocateCalls = new RetryingCalls(channel, retryPolicy.alsoRetrying(WeftException.Code.DEADLINE_EXCEEDED),
        calls.outage());
  }

  public ApplicationAttemptId attemptId() {
    return attemptId;
  }

  /**
   * Registers with {@code trackingUrl} (the driver UI; empty = none); returns the largest container
   * the RM will grant.
   */
  public Resource register(String host, String trackingUrl) {
    return register(host, 0, trackingUrl).maximumCapability();
  }

  /**
   * As above, the tracking URL served over https with {@code certificate} (the application's own), which
   * the RM's proxy is told to trust for it.
   */
  public Resource register(String host, String trackingUrl, Optional<ApplicationCertificate> certificate) {
    return register(new Registration(host, 0, trackingUrl,
        certificate.map(ApplicationCertificate::certificatePem).orElse(""))).maximumCapability();
  }

  /** Registers the attempt's AM at {@code host:rpcPort} (0 = none) with its tracking URL (may be empty). */
  public RegisterResponse register(String host, int rpcPort, String trackingUrl) {
    return register(new Registration(requireNonNull(host), rpcPort, requireNonNull(trackingUrl), ""));
  }

  private RegisterResponse register(Registration wanted) {
    String what = "register " + attemptId + " with the ResourceManager";
    RegisterApplicationMasterResponse response = calls.call(what, () -> unary(what,
        () -> stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder()
                .setApplicationAttemptId(attemptId.toString()).setHost(wanted.host()).setRpcPort(wanted.rpcPort())
                .setTrackingUrl(wanted.trackingUrl()).setTrackingCertificate(wanted.trackingCertificate()).build())));
    registration = wanted;
    response.getNmTokensFromPreviousAttemptsList().forEach(t -> nmTokens.put(attemptId.applicationId(), t));
    return new RegisterResponse(Resources.fromProto(response.getMaximumResourceCapability()), response.getQueue(),
        response.getContainersFromPreviousAttemptsList().stream().map(AmProtos::container).toList());
  }

  /**
   * Registers again exactly as last time (host, port, tracking URL): what a RESYNC order asks of an
   * AM whose RM restarted. The containers the AM holds stay its own; its asks go with the next Allocate.
   */
  private void registerAgain() {
    Registration last = registration;
    if (last == null) {
      throw WeftException.failedPrecondition("the ResourceManager asked " + attemptId
          + " to resync before it registered");
    }
    LOG.warn("the ResourceManager asked {} to resync; registering again at {}:{}", attemptId, last.host(),
        last.rpcPort());
    register(last);
  }

  /**
   * Sends {@code asks} (each the total still wanted for its key) and {@code releases} after the answer
   * {@code responseId}; the RM may hold the call up to {@code maxWait} when it has nothing new (long
   * poll). A try whose answer does not come (UNAVAILABLE, DEADLINE_EXCEEDED) is made again as it was:
   * the RM answers a repeated response id with the answer it gave, so nothing is granted or released
   * twice and nothing granted is lost. The response-id bookkeeping is {@link AllocateSession}'s.
   */
  public AllocateResponse allocate(int responseId, List<ContainerAsk> asks, List<ContainerId> releases,
      float progress, Duration maxWait) {
    return allocate(responseId, asks, releases, progress, maxWait, List.of(), List.of());
  }

  /** As above, also adding nodes (node ids or host names) to the application's blacklist and taking others off. */
  public AllocateResponse allocate(int responseId, List<ContainerAsk> asks, List<ContainerId> releases,
      float progress, Duration maxWait, List<String> blacklistAdditions, List<String> blacklistRemovals) {
    return allocate(responseId, asks, releases, progress, () -> maxWait, blacklistAdditions, blacklistRemovals);
  }

  /**
   * As above, with the wait read only once {@link #cancelPendingAllocates} can end the call: a cancel
   * made between the caller choosing the wait and the call starting then shortens the wait (the caller
   * answers ZERO once cancelled) instead of being lost, which would leave the call waiting out its poll.
   */
  public AllocateResponse allocate(int responseId, List<ContainerAsk> asks, List<ContainerId> releases,
      float progress, Supplier<Duration> maxWaitOnceCancellable, List<String> blacklistAdditions,
      List<String> blacklistRemovals) {
    AllocateRequest.Builder request = AllocateRequest.newBuilder()
        .addAllBlacklistAdditions(blacklistAdditions)
        .addAllBlacklistRemovals(blacklistRemovals)
        .setApplicationAttemptId(attemptId.toString())
        .setResponseId(responseId)
        .setProgress(progress);
    for (ContainerAsk ask : asks) {
      request.addAsks(ResourceRequest.newBuilder().setPriority(ask.priority()).setResourceName(ask.resourceName())
          .setCapability(Resources.toProto(ask.capability())).setNumContainers(ask.count())
          .setRelaxLocality(ask.relaxLocality()).setAllocationRequestId(ask.allocationRequestId())
          .setGangMinCount(ask.gangMinCount()).setGangTimeoutMs(ask.gangTimeout().toMillis())
          .setAntiAffinity(ask.antiAffinity()).setNodeLabelExpression(ask.nodeLabelExpression()));
    }
    releases.forEach(id -> request.addReleases(id.toString()));
    // One cancellable context spans every retry: cancelPendingAllocates ends the call even between tries.
    Context.CancellableContext context = Context.current().withCancellation();
    pendingAllocates.add(context);
    Duration maxWait = maxWaitOnceCancellable.get();
    request.setMaxWaitMs(maxWait.toMillis());
    Context previous = context.attach();
    AllocateResponse answer;
    try {
      String what = "allocate for " + attemptId;
      io.weft.proto.AllocateResponse response = allocateCalls.call(what, () -> unary(what,
          () -> stub.withDeadlineAfter(timeout.plus(maxWait).toMillis(), TimeUnit.MILLISECONDS)
              .allocate(request.build())));
      response.getNmTokensList().forEach(t -> nmTokens.put(attemptId.applicationId(), t));
      if (response.hasAmRmToken()) {
        amrmHeader.replace(response.getAmRmToken().toByteArray());
        LOG.info("{} took a new AMRM token (key {}): the ResourceManager's key rolled", attemptId,
            response.getAmRmToken().getKeyId());
      }
      answer = new AllocateResponse(response.getResponseId(),
          response.getAllocatedContainersList().stream().map(AmProtos::container).toList(),
          response.getCompletedContainerStatusesList().stream().map(AmProtos::completed).toList(),
          response.getUpdatedNodesList().stream().map(AmProtos::node).toList(),
          Resources.fromProto(response.getAvailableResources()), response.getNumClusterNodes(),
          command(response), response.getWaitingReason(),
          response.getRejectedAsksList().stream().map(AmProtos::rejected).toList(), AmProtos.preemption(response));
    } finally {
      context.detach(previous);
      pendingAllocates.remove(context);
      context.close();
    }
    if (answer.command() == AllocateResponse.Command.RESYNC) {
      registerAgain(); // the caller, seeing RESYNC, starts its response ids again and re-sends its asks
    }
    return answer;
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
    String what = "unregister " + attemptId;
    return calls.call(what, () -> unary(what, () -> stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .finishApplicationMaster(FinishApplicationMasterRequest.newBuilder()
            .setApplicationAttemptId(attemptId.toString()).setFinalApplicationStatus(wire)
            .setDiagnostics(diagnostics).setTrackingUrl(trackingUrl).build())
        .getIsUnregistered()));
  }

  /** One try of an RPC, its failure rebuilt as the domain exception the RM sent (or UNAVAILABLE). */
  private static <T> T unary(String what, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw RpcErrors.fromStatus(e, what);
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
