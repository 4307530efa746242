package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.Resources;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.AmCommand;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.FinishApplicationMasterRequest;
import io.weft.proto.FinishApplicationMasterResponse;
import io.weft.proto.PreemptionContainer;
import io.weft.proto.PreemptionMessage;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.RejectedAsk;
import io.weft.proto.RegisterApplicationMasterResponse;
import io.weft.proto.ResourceRequest;
import io.weft.proto.Token;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.CompletedContainer;
import io.weft.rm.core.AllocateCall;
import io.weft.rm.core.AllocateResult;
import io.weft.rm.core.RmCore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ApplicationMasterService. Served behind {@link AmrmTokenInterceptor}: every call is for the
 * attempt its AMRM token names.
 */
public final class AmService extends ApplicationMasterServiceGrpc.ApplicationMasterServiceImplBase {
  /**
   * How long an Allocate call waits for others to share its scheduling pass with: at 30,000 allocations a second
   * through the wire (6,000 calls from 100 AMs), about four share each pass instead of one, and the RM spends a fifth
   * less CPU per allocation; each answer comes up to this much later (README, issue 17).
   */
  static final Duration ALLOCATE_LINGER = Duration.ofNanos(500_000);
  private final RmCore core;
  private final TokenIssuer tokens;
  private final NmTokenBook nmTokens;
  private final TrackingCertificates trackingCertificates;

  public AmService(RmCore core, TokenIssuer tokens, Clock clock, TrackingCertificates trackingCertificates) {
    this.core = requireNonNull(core);
    this.tokens = requireNonNull(tokens);
    this.nmTokens = new NmTokenBook(tokens, clock);
    this.trackingCertificates = requireNonNull(trackingCertificates);
  }

  @Override
  public void registerApplicationMaster(RegisterApplicationMasterRequest request,
      StreamObserver<RegisterApplicationMasterResponse> out) {
    Calls.answer(out, () -> {
      ApplicationAttemptId attempt = AmrmTokenInterceptor.authorize(request.getApplicationAttemptId());
      Optional<X509Certificate> certificate = request.getTrackingCertificate().isEmpty() ? Optional.empty()
          : Optional.of(TrackingCertificates.parse(request.getTrackingCertificate()));
      return core.registerAm(attempt, request.getHost(), request.getRpcPort(), request.getTrackingUrl())
          .whenComplete((registration, failure) -> {
            if (failure == null) {
              certificate.ifPresent(c -> trackingCertificates.record(attempt.applicationId(), c));
            }
          })
          .thenCombine(core.report(attempt.applicationId()), (registration, report) ->
              RegisterApplicationMasterResponse.newBuilder()
                  .setMaximumResourceCapability(Resources.toProto(registration.maximumAllocation()))
                  .setQueue(report.queue()).setSchedulerType("capacity")
                  .addAllContainersFromPreviousAttempts(registration.containersFromPreviousAttempts().stream()
                      .map(a -> RmProtos.toProto(a, tokens)).toList())
                  .addAllNmTokensFromPreviousAttempts(nmTokens.due(attempt, registration
                      .containersFromPreviousAttempts().stream().map(Allocation::nodeId).distinct().toList()))
                  .build());
    }, response -> response);
  }

  @Override
  public void allocate(AllocateRequest request, StreamObserver<AllocateResponse> out) {
    Calls.answer(out, () -> {
      ApplicationAttemptId attempt = AmrmTokenInterceptor.authorize(request.getApplicationAttemptId());
      Token presented = AmrmTokenInterceptor.TOKEN.get();
      List<AllocateCall.Ask> asks = new ArrayList<>();
      for (ResourceRequest r : request.getAsksList()) {
        String name = r.getResourceName().isBlank() ? "*" : r.getResourceName().strip();
        asks.add(new AllocateCall.Ask(r.getPriority(), name, Resources.fromProto(r.getCapability()),
            r.getNumContainers(), r.getAllocationRequestId(), r.getRelaxLocality(), r.getGangMinCount(),
            r.getGangTimeoutMs(), r.getAntiAffinity(), r.getNodeLabelExpression()));
      }
      List<ContainerId> releases = request.getReleasesList().stream().map(ContainerId::parse).toList();
      AllocateCall call = new AllocateCall(attempt, request.getResponseId(), asks, releases, request.getProgress(),
          request.getTrackingUrl(), request.getBlacklistAdditionsList(), request.getBlacklistRemovalsList());
      // The first Allocate of an attempt this RM has given no NM tokens (a new attempt, or after a
      // restart or fail-over) also covers the nodes of its live containers, the AM's own among them.
      CompletableFuture<List<NodeId>> held = nmTokens.knows(attempt) ? CompletableFuture.completedFuture(List.of())
          : core.containers(attempt).thenApply(views -> views.stream().filter(v -> v.finished() == null)
              .map(v -> v.allocation().nodeId()).toList());
      Duration maxWait = Duration.ofMillis(Math.max(0, request.getMaxWaitMs()));
      return held.thenCompose(nodes -> core.allocate(call, maxWait, ALLOCATE_LINGER)
          .thenApplyAsync(result -> toProto(attempt, result, nodes, presented), core.replyExecutor()));
    }, response -> response);
  }

  /**
   * Built with loops over the lists, most of them empty: streams cost each answer a pipeline per list, about a tenth
   * of what the reply threads allocated at 6,000 answers a second.
   */
  private AllocateResponse toProto(ApplicationAttemptId attempt, AllocateResult r, List<NodeId> held,
      Token presented) {
    List<NodeId> nodes = new ArrayList<>();
    for (Allocation a : r.allocated()) {
      addOnce(nodes, a.nodeId());
    }
    held.forEach(node -> addOnce(nodes, node));
    AllocateResponse.Builder response = AllocateResponse.newBuilder();
    if (presented != null && presented.getKeyId() != tokens.amrmKeyId()) {
      // its key has rolled: the AM presents this one from now on, before the old key is dropped
      response.setAmRmToken(tokens.amrmToken(attempt, presented.getService()));
    }
    response.addAllNmTokens(nmTokens.due(attempt, nodes))
        .setResponseId(r.responseId())
        .setAvailableResources(Resources.toProto(r.headroom()))
        .setNumClusterNodes(r.clusterNodes())
        .setAmCommand(switch (r.command()) {
          case NONE -> AmCommand.AM_COMMAND_NONE;
          case RESYNC -> AmCommand.AM_RESYNC;
          case SHUTDOWN -> AmCommand.AM_SHUTDOWN;
        })
        .setWaitingReason(r.waitingReason());
    for (Allocation a : r.allocated()) {
      response.addAllocatedContainers(RmProtos.toProto(a, tokens));
    }
    for (CompletedContainer c : r.completed()) {
      response.addCompletedContainerStatuses(RmProtos.toProto(c));
    }
    if (!r.toBePreempted().isEmpty()) {
      PreemptionMessage.Builder preempt = PreemptionMessage.newBuilder()
          .setGracePeriodMs(r.preemptionGrace().toMillis());
      for (ContainerId id : r.toBePreempted()) {
        preempt.addStrictContract(PreemptionContainer.newBuilder().setContainerId(id.toString()));
      }
      response.setPreempt(preempt);
    }
    for (var x : r.rejected()) {
      response.addRejectedAsks(RejectedAsk.newBuilder()
          .setPriority(x.key().priority()).setCapability(Resources.toProto(x.key().capability()))
          .setAllocationRequestId(x.key().allocationRequestId()).setNumContainers(x.count())
          .setReason(x.reason()));
    }
    for (var node : r.updatedNodes()) {
      response.addUpdatedNodes(RmProtos.toProto(node));
    }
    return response.build();
  }

  /** An answer names a few nodes: a list beats a set. */
  private static void addOnce(List<NodeId> nodes, NodeId node) {
    if (!nodes.contains(node)) {
      nodes.add(node);
    }
  }

  @Override
  public void finishApplicationMaster(FinishApplicationMasterRequest request,
      StreamObserver<FinishApplicationMasterResponse> out) {
    Calls.answer(out, () -> {
      ApplicationAttemptId attempt = AmrmTokenInterceptor.authorize(request.getApplicationAttemptId());
      nmTokens.forget(attempt);
      return core.finishAm(attempt, RmProtos.fromProto(request.getFinalApplicationStatus()),
          request.getDiagnostics(), request.getTrackingUrl());
    }, v -> FinishApplicationMasterResponse.newBuilder().setIsUnregistered(true).build());
  }
}
