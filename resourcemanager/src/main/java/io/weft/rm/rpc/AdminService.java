package io.weft.rm.rpc;

import io.weft.proto.AddToClusterNodeLabelsRequest;
import io.weft.proto.GetClusterNodeLabelsResponse;
import io.weft.proto.NodeToLabels;
import io.weft.proto.RemoveFromClusterNodeLabelsRequest;
import io.weft.proto.ReplaceLabelsOnNodeRequest;
import io.weft.rm.node.NodeLabels;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.weft.common.rpc.WeftException;
import io.weft.proto.GetServiceStateRequest;
import io.weft.proto.GetServiceStateResponse;
import io.weft.proto.RefreshAdminAclsRequest;
import io.weft.proto.RefreshAdminAclsResponse;
import io.weft.proto.RefreshNodesRequest;
import io.weft.proto.RefreshNodesResponse;
import io.weft.proto.RefreshQueuesRequest;
import io.weft.proto.RefreshQueuesResponse;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.proto.TransitionToStandbyRequest;
import io.weft.proto.TransitionToStandbyResponse;
import io.weft.rm.auth.AdminAclRefresh;
import io.weft.rm.core.RmCore;
import io.weft.rm.ha.HaAdmin;
import io.weft.rm.node.NodeHostsFiles;
import io.weft.rm.queue.QueueSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** ResourceManagerAdministrationService: {@code weft rmadmin} commands. */
public final class AdminService extends ResourceManagerAdministrationServiceGrpc.ResourceManagerAdministrationServiceImplBase {
  private final RmCore core;
  private final QueueSource queues;
  private final NodeHostsFiles hosts;
  private final HaAdminCalls ha;
  private final AdminAclRefresh adminAcl;

  public AdminService(RmCore core, QueueSource queues, NodeHostsFiles hosts, HaAdmin ha, AdminAclRefresh adminAcl) {
    this.core = requireNonNull(core);
    this.queues = requireNonNull(queues);
    this.hosts = requireNonNull(hosts);
    this.ha = new HaAdminCalls(ha);
    this.adminAcl = requireNonNull(adminAcl);
  }

  @Override
  public void refreshAdminAcls(RefreshAdminAclsRequest request, StreamObserver<RefreshAdminAclsResponse> out) {
    // a file read, off the core loop; the ACL is not core state
    Calls.answer(out, () -> CompletableFuture.completedFuture(adminAcl.refresh()),
        done -> RefreshAdminAclsResponse.newBuilder().setAdminAcl(done.now().text()).setPrevious(done.previous().text())
            .setSource(done.source()).build());
  }

  @Override
  public void getServiceState(GetServiceStateRequest request, StreamObserver<GetServiceStateResponse> out) {
    ha.getServiceState(request, out);
  }

  @Override
  public void transitionToStandby(TransitionToStandbyRequest request, StreamObserver<TransitionToStandbyResponse> out) {
    ha.transitionToStandby(request, out);
  }

  @Override
  public void refreshQueues(RefreshQueuesRequest request, StreamObserver<RefreshQueuesResponse> out) {
    // the file is read and validated off the core loop; only the swap runs on it
    Calls.answer(out, () -> CompletableFuture.completedFuture(queues.load()).thenCompose(core::refreshQueues),
        root -> RefreshQueuesResponse.newBuilder().setRoot(RmProtos.toProto(root)).setSource(queues.describe())
            .build());
  }

  @Override
  public void refreshNodes(RefreshNodesRequest request, StreamObserver<RefreshNodesResponse> out) {
    // the files are read off the core loop
    Calls.answer(out, () -> core.refreshNodes(hosts.read(), request.getGraceful(), timeout(request)),
        moved -> RefreshNodesResponse.newBuilder().setSource(hosts.describe())
            .addAllNodes(moved.stream().map(RmProtos::toProto).toList()).build());
  }

  @Override
  public void addToClusterNodeLabels(AddToClusterNodeLabelsRequest request,
      StreamObserver<GetClusterNodeLabelsResponse> out) {
    Calls.answer(out, () -> core.addNodeLabels(request.getLabelsList().stream()
        .map(l -> new NodeLabels.Label(l.getName().strip(), l.getExclusive())).toList()), RmProtos::toProto);
  }

  @Override
  public void removeFromClusterNodeLabels(RemoveFromClusterNodeLabelsRequest request,
      StreamObserver<GetClusterNodeLabelsResponse> out) {
    Calls.answer(out, () -> core.removeNodeLabels(request.getLabelsList().stream().map(String::strip).toList()),
        RmProtos::toProto);
  }

  @Override
  public void replaceLabelsOnNode(ReplaceLabelsOnNodeRequest request, StreamObserver<GetClusterNodeLabelsResponse> out) {
    Calls.answer(out, () -> {
      Map<String, Set<String>> byNode = new LinkedHashMap<>();
      for (NodeToLabels n : request.getNodesList()) {
        Set<String> labels = new LinkedHashSet<>();
        n.getLabelsList().stream().map(String::strip).filter(l -> !l.isEmpty()).forEach(labels::add);
        if (byNode.put(n.getNode().strip(), labels) != null) {
          throw WeftException.invalidArgument("node " + n.getNode() + " is named twice");
        }
      }
      return core.replaceNodeLabels(byNode);
    }, RmProtos::toProto);
  }

  /** The drain limit: the configured default when unset, none for -1. */
  private Duration timeout(RefreshNodesRequest request) {
    if (!request.hasTimeoutSecs()) {
      return core.settings().gracefulDecommissionTimeout();
    }
    long seconds = request.getTimeoutSecs();
    if (seconds == -1) {
      return null;
    }
    if (seconds < 0) {
      throw WeftException.invalidArgument("decommission timeout " + seconds + " s must be at least 0 (or -1 for "
          + "no limit)");
    }
    return Duration.ofSeconds(seconds);
  }
}
