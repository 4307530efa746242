package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.ContainerSignals;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.RpcErrors;
import io.weft.proto.LogAggregationReport;
import io.weft.proto.LogAggregationStatus;
import io.weft.proto.ContainerState;
import io.weft.proto.ContainerStatus;
import io.weft.proto.NodeAction;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.RegisterNodeManagerResponse;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.UnRegisterNodeManagerRequest;
import io.weft.proto.UnRegisterNodeManagerResponse;
import io.weft.rm.core.HeartbeatAnswer;
import io.weft.common.resource.NodeUtilization;
import io.weft.rm.core.NodeHeartbeat;
import io.weft.rm.core.NodeRegistration;
import io.weft.rm.core.RmCore;
import io.weft.rm.node.ContainerSignalOrder;
import io.weft.rm.store.RollingKey;
import io.weft.common.security.MasterKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * ResourceTrackerService: NodeManagers register and heartbeat here. Closing it (the RM stops, or stops being the
 * active one) ends every open heartbeat stream UNAVAILABLE, as a new call would be answered, so nodes fail over.
 */
public final class TrackerService extends ResourceTrackerServiceGrpc.ResourceTrackerServiceImplBase
    implements AutoCloseable {
  private static final Status NOT_ACTIVE = Status.UNAVAILABLE.withDescription(
      "this ResourceManager is no longer serving nodes (stopped, or no longer the active one)");
  private final RmCore core;
  private final TokenIssuer tokens;
  private final Set<HeartbeatStream> streams = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public TrackerService(RmCore core, TokenIssuer tokens) {
    this.core = requireNonNull(core);
    this.tokens = requireNonNull(tokens);
  }

  @Override
  public void registerNodeManager(RegisterNodeManagerRequest request,
      StreamObserver<RegisterNodeManagerResponse> out) {
    boolean healthy = !request.hasNodeHealthStatus() || request.getNodeHealthStatus().getIsNodeHealthy();
    Optional<String> unreachable = RegisteringPeer.unreachable(request.getNodeId(), request.getHttpAddress());
    if (unreachable.isPresent()) {
      out.onNext(RegisterNodeManagerResponse.newBuilder().setNodeAction(NodeAction.SHUTDOWN)
          .setDiagnosticsMessage(unreachable.get()).setRmIdentifier(core.clusterTimestamp()).build());
      out.onCompleted();
      return;
    }
    Calls.answer(out, () -> core.registerNode(new NodeRegistration(NodeId.parse(request.getNodeId()),
        request.getHttpAddress(), Resources.fromProto(request.getResource()), request.getLogDir(),
        request.getRunningContainersList().stream().map(TrackerService::reported).toList(), healthy,
        request.getNodeHealthStatus().getHealthReport())), refusal -> refusal
        .map(why -> RegisterNodeManagerResponse.newBuilder().setNodeAction(NodeAction.SHUTDOWN)
            .setDiagnosticsMessage(why).setRmIdentifier(core.clusterTimestamp()).build())
        .orElseGet(() -> withKeys(RegisterNodeManagerResponse.newBuilder())
            .setNodeAction(NodeAction.NORMAL)
            .setRmIdentifier(core.clusterTimestamp())
            .setHeartbeatIntervalMs(core.settings().heartbeatInterval().toMillis())
            .setRackName(core.rackOf(NodeId.parse(request.getNodeId())))
            .build()));
  }

  @Override
  public void nodeHeartbeat(NodeHeartbeatRequest request, StreamObserver<NodeHeartbeatResponse> out) {
    Calls.answer(out, () -> heartbeat(request), answer -> toProto(answer, request));
  }

  /**
   * Heartbeats on one stream, answered in the order they came (the core handles them in that order). A heartbeat
   * that fails ends the stream with the status the unary call would have answered.
   */
  @Override
  public StreamObserver<NodeHeartbeatRequest> nodeHeartbeats(StreamObserver<NodeHeartbeatResponse> responses) {
    HeartbeatStream stream = new HeartbeatStream((ServerCallStreamObserver<NodeHeartbeatResponse>) responses);
    streams.add(stream);
    if (closed) {
      stream.end(NOT_ACTIVE.asRuntimeException());
    }
    return stream;
  }

  /** Ends every open heartbeat stream; streams opened later end at once. */
  @Override
  public void close() {
    closed = true;
    streams.forEach(stream -> stream.end(NOT_ACTIVE.asRuntimeException()));
  }

  /**
   * One node's heartbeat stream: its requests in, the answers out, written under the lock. The answers are
   * built and written on the transport thread that reads the stream: the core hands each thread all its
   * answers of a batch at once, one wake-up, where writing them from the core woke a transport thread for
   * nearly every answer. An answer that says nothing new is written only when the node asked for it
   * ({@code answer_wanted}, at least every third heartbeat): writing it was about a fifth of the RM's CPU at
   * 10,000 nodes, and the node needs it only to know the RM is there.
   */
  private final class HeartbeatStream implements StreamObserver<NodeHeartbeatRequest> {
    private final ServerCallStreamObserver<NodeHeartbeatResponse> out;
    private final Executor transport = CallThreads.transportOfCurrentThread();
    private boolean ended;

    HeartbeatStream(ServerCallStreamObserver<NodeHeartbeatResponse> out) {
      this.out = out;
      out.setOnCancelHandler(() -> streams.remove(this));
    }

    @Override
    public void onNext(NodeHeartbeatRequest request) {
      CompletableFuture<HeartbeatAnswer> answer;
      try {
        answer = heartbeat(request);
      } catch (RuntimeException e) {
        end(RpcErrors.toStatus(e));
        return;
      }
      answer.whenCompleteAsync((value, error) -> {
        if (error != null) {
          end(RpcErrors.toStatus(Calls.unwrap(error)));
          return;
        }
        if (!request.getAnswerWanted() && value.saysNothing() && !keysStale(request)) {
          return;
        }
        NodeHeartbeatResponse response = toProto(value, request);
        synchronized (this) {
          if (!ended && !out.isCancelled()) {
            out.onNext(response);
          }
        }
      }, transport);
    }

    synchronized void end(StatusRuntimeException status) {
      streams.remove(this);
      if (!ended && !out.isCancelled()) {
        ended = true;
        out.onError(status);
      }
    }

    @Override
    public void onError(Throwable gone) {
      // The node closed or lost the stream; its next heartbeat comes on a new one.
      streams.remove(this);
    }

    @Override
    public synchronized void onCompleted() {
      streams.remove(this);
      if (!ended && !out.isCancelled()) {
        ended = true;
        out.onCompleted();
      }
    }
  }

  private CompletableFuture<HeartbeatAnswer> heartbeat(NodeHeartbeatRequest request) {
    if (closed) {
      throw NOT_ACTIVE.asRuntimeException();
    }
    var status = request.getNodeStatus();
    List<NodeHeartbeat.Reported> containers = new ArrayList<>(status.getContainerStatusesCount());
    for (ContainerStatus reported : status.getContainerStatusesList()) {
      containers.add(reported(reported));
    }
    boolean healthy = !status.hasNodeHealthStatus() || status.getNodeHealthStatus().getIsNodeHealthy();
    NodeId node = NodeId.parse(status.getNodeId());
    for (LogAggregationReport report : status.getLogAggregationReportsList()) {
      if (report.getStatus() != LogAggregationStatus.LOG_AGGREGATION_STATUS_UNSPECIFIED
          && report.getStatus() != LogAggregationStatus.UNRECOGNIZED) {
        core.logAggregation().report(node, ApplicationId.parse(report.getApplicationId()),
            report.getStatus().name().substring("LOG_AGGREGATION_".length()), report.getDiagnostics());
      }
    }
    return core.heartbeat(new NodeHeartbeat(node, status.getResponseId(),
        containers, healthy, status.getNodeHealthStatus().getHealthReport(),
        new NodeUtilization(Resources.fromProto(status.getContainersUtilization()),
            Resources.fromProto(status.getNodeUtilization()))));
  }

  /** Both keys of each kind a node must hold: the newest, and the one before it (or the one still signing). */
  private RegisterNodeManagerResponse.Builder withKeys(RegisterNodeManagerResponse.Builder response) {
    RollingKey container = tokens.containerKeys();
    RollingKey nm = tokens.nmTokenKeys();
    response.setContainerTokenMasterKey(TokenIssuer.toProto(container.newest()))
        .setNmTokenMasterKey(TokenIssuer.toProto(nm.newest()));
    container.older().ifPresent(k -> response.setPreviousContainerTokenMasterKey(TokenIssuer.toProto(k)));
    nm.older().ifPresent(k -> response.setPreviousNmTokenMasterKey(TokenIssuer.toProto(k)));
    return response;
  }

  /**
   * Key material crosses only when the node's newest key (by the id it reports, never the secret) is
   * not the RM's newest: after a roll, or when this RM has keys the node never saw.
   */
  private void addStaleKeys(NodeHeartbeatRequest request, NodeHeartbeatResponse.Builder response) {
    MasterKey container = tokens.containerKeys().newest();
    if (stale(request.hasLastKnownContainerTokenMasterKey(), request.getLastKnownContainerTokenMasterKey(),
        container)) {
      response.setContainerTokenMasterKey(TokenIssuer.toProto(container));
    }
    MasterKey nm = tokens.nmTokenKeys().newest();
    if (stale(request.hasLastKnownNmTokenMasterKey(), request.getLastKnownNmTokenMasterKey(), nm)) {
      response.setNmTokenMasterKey(TokenIssuer.toProto(nm));
    }
  }

  /** Whether the node lacks a newest key of either kind (the answer must then carry it). */
  private boolean keysStale(NodeHeartbeatRequest request) {
    return stale(request.hasLastKnownContainerTokenMasterKey(), request.getLastKnownContainerTokenMasterKey(),
        tokens.containerKeys().newest())
        || stale(request.hasLastKnownNmTokenMasterKey(), request.getLastKnownNmTokenMasterKey(),
            tokens.nmTokenKeys().newest());
  }

  private static boolean stale(boolean known, io.weft.proto.MasterKey lastKnown, MasterKey newest) {
    return !known || lastKnown.getKeyId() != newest.keyId();
  }

  private static NodeHeartbeat.Reported reported(ContainerStatus s) {
    return new NodeHeartbeat.Reported(ContainerId.parse(s.getContainerId()),
        s.getState() == ContainerState.CONTAINER_COMPLETE, s.getExitStatus(), s.getDiagnostics(),
        Resources.fromProto(s.getCapability()), s.getPriority(), s.getAllocationRequestId(),
        Instant.ofEpochMilli(s.getCreationTimeMs()));
  }

  private NodeHeartbeatResponse toProto(HeartbeatAnswer a, NodeHeartbeatRequest request) {
    NodeHeartbeatResponse.Builder response = NodeHeartbeatResponse.newBuilder()
        .setResponseId(a.responseId())
        .setNodeAction(switch (a.action()) {
          case NORMAL -> NodeAction.NORMAL;
          case RESYNC -> NodeAction.RESYNC;
          case SHUTDOWN -> NodeAction.SHUTDOWN;
        })
        .setDiagnosticsMessage(a.diagnostics())
        .setNextHeartbeatIntervalMs(a.nextHeartbeat().toMillis())
        .setAnswerWanted(request.getAnswerWanted());
    // loops, not streams: most answers carry none of these, and ten thousand answers a second each paid for three
    for (ContainerId container : a.containersToCleanup()) {
      response.addContainersToCleanup(container.toString());
    }
    for (ApplicationId application : a.applicationsToCleanup()) {
      response.addApplicationsToCleanup(application.toString());
    }
    for (ContainerId container : a.containersToRemove()) {
      response.addContainersToBeRemovedFromNm(container.toString());
    }
    for (ContainerSignalOrder order : a.signals()) {
      response.addContainersToSignal(io.weft.proto.ContainerSignalOrder.newBuilder()
          .setContainerId(order.container().toString()).setCommand(ContainerSignals.toProto(order.signal())));
    }
    if (a.action() == HeartbeatAnswer.NodeAction.NORMAL) {
      addStaleKeys(request, response);
    }
    return response.build();
  }

  @Override
  public void unRegisterNodeManager(UnRegisterNodeManagerRequest request,
      StreamObserver<UnRegisterNodeManagerResponse> out) {
    Calls.answer(out, () -> core.unregisterNode(NodeId.parse(request.getNodeId())),
        v -> UnRegisterNodeManagerResponse.getDefaultInstance());
  }
}
