package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.Resources;
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
import io.weft.rm.core.NodeHeartbeat;
import io.weft.rm.core.NodeRegistration;
import io.weft.rm.core.RmCore;
import java.time.Instant;
import java.util.List;

/** ResourceTrackerService: NodeManagers register and heartbeat here. */
public final class TrackerService extends ResourceTrackerServiceGrpc.ResourceTrackerServiceImplBase {
  private final RmCore core;
  private final TokenIssuer tokens;

  public TrackerService(RmCore core, TokenIssuer tokens) {
    this.core = requireNonNull(core);
    this.tokens = requireNonNull(tokens);
  }

  @Override
  public void registerNodeManager(RegisterNodeManagerRequest request,
      StreamObserver<RegisterNodeManagerResponse> out) {
    Calls.answer(out, () -> core.registerNode(new NodeRegistration(NodeId.parse(request.getNodeId()),
        request.getHttpAddress(), Resources.fromProto(request.getResource()), request.getLogDir(),
        request.getRunningContainersList().stream().map(TrackerService::reported).toList())), v -> RegisterNodeManagerResponse.newBuilder()
        .setContainerTokenMasterKey(tokens.containerMasterKey())
        .setNodeAction(NodeAction.NORMAL)
        .setRmIdentifier(core.clusterTimestamp())
        .setHeartbeatIntervalMs(core.settings().heartbeatInterval().toMillis())
        .setRackName(core.rackOf(NodeId.parse(request.getNodeId())))
        .build());
  }

  @Override
  public void nodeHeartbeat(NodeHeartbeatRequest request, StreamObserver<NodeHeartbeatResponse> out) {
    Calls.answer(out, () -> {
      var status = request.getNodeStatus();
      List<NodeHeartbeat.Reported> containers = status.getContainerStatusesList().stream()
          .map(TrackerService::reported).toList();
      boolean healthy = !status.hasNodeHealthStatus() || status.getNodeHealthStatus().getIsNodeHealthy();
      return core.heartbeat(new NodeHeartbeat(NodeId.parse(status.getNodeId()), status.getResponseId(),
          containers, healthy, status.getNodeHealthStatus().getHealthReport()));
    }, this::toProto);
  }

  private static NodeHeartbeat.Reported reported(ContainerStatus s) {
    return new NodeHeartbeat.Reported(ContainerId.parse(s.getContainerId()),
        s.getState() == ContainerState.CONTAINER_COMPLETE, s.getExitStatus(), s.getDiagnostics(),
        Resources.fromProto(s.getCapability()), s.getPriority(), s.getAllocationRequestId(),
        Instant.ofEpochMilli(s.getCreationTimeMs()));
  }

  private NodeHeartbeatResponse toProto(HeartbeatAnswer a) {
    return NodeHeartbeatResponse.newBuilder()
        .setResponseId(a.responseId())
        .setNodeAction(a.resync() ? NodeAction.RESYNC : NodeAction.NORMAL)
        .addAllContainersToCleanup(a.containersToCleanup().stream().map(ContainerId::toString).toList())
        .addAllApplicationsToCleanup(a.applicationsToCleanup().stream().map(ApplicationId::toString).toList())
        .setContainerTokenMasterKey(tokens.containerMasterKey())
        .setNextHeartbeatIntervalMs(a.nextHeartbeat().toMillis())
        .addAllContainersToBeRemovedFromNm(a.containersToRemove().stream().map(ContainerId::toString).toList())
        .build();
  }

  @Override
  public void unRegisterNodeManager(UnRegisterNodeManagerRequest request,
      StreamObserver<UnRegisterNodeManagerResponse> out) {
    Calls.answer(out, () -> core.unregisterNode(NodeId.parse(request.getNodeId())),
        v -> UnRegisterNodeManagerResponse.getDefaultInstance());
  }
}
