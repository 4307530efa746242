package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AddToClusterNodeLabelsRequest;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.Container;
import io.weft.proto.GetClusterNodeLabelsRequest;
import io.weft.proto.GetClusterNodeLabelsResponse;
import io.weft.proto.GetClusterNodesRequest;
import io.weft.proto.NodeLabel;
import io.weft.proto.NodeReport;
import io.weft.proto.NodeToLabels;
import io.weft.proto.RemoveFromClusterNodeLabelsRequest;
import io.weft.proto.ReplaceLabelsOnNodeRequest;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.proto.ResourceRequest;
import io.weft.proto.SubmitApplicationRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node labels on a real RM (gRPC in-process, its RocksDB store): rmadmin's label calls, asks with a label
 * expression placed only on the labelled node and asks without one never there, refused labels, AMs told of
 * label changes in their Allocate answers, and the labels kept across an RM restart.
 */
class NodeLabelsRmTest {
  private static final Map<String, String> QUEUES = Map.of(
      "weft.scheduler.capacity.root.queues", "default,b",
      "weft.scheduler.capacity.root.default.capacity", "50",
      "weft.scheduler.capacity.root.b.capacity", "50",
      "weft.scheduler.capacity.root.default.user-limit-factor", "2",
      "weft.scheduler.capacity.root.default.accessible-node-labels", "gpu",
      "weft.scheduler.capacity.root.default.accessible-node-labels.gpu.capacity", "100",
      "weft.scheduler.capacity.root.b.accessible-node-labels", "");

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path dir;
  RmHarness h;

  @BeforeEach
  void start() {
    h = new RmHarness(grpc, dir.resolve("staging"), QUEUES);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void labelledAsksGoOnlyToTheLabelledNode_othersNever_andAmsHearOfLabelChanges() {
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    h.registerNode("n2", 2, 8192, 8);
    GetClusterNodeLabelsResponse labels = admin().addToClusterNodeLabels(AddToClusterNodeLabelsRequest.newBuilder()
        .addLabels(NodeLabel.newBuilder().setName("gpu").setExclusive(true)).build());
    assertThat(labels.getLabelsList()).extracting(NodeLabel::getName).containsExactly("gpu");
    admin().replaceLabelsOnNode(ReplaceLabelsOnNodeRequest.newBuilder()
        .addNodes(NodeToLabels.newBuilder().setNode("n2:2").addLabels("gpu")).build());
    assertThat(report("n2:2").getNodeLabelsList()).containsExactly("gpu");
    assertThat(report("n1:1").getNodeLabelsList()).isEmpty();

    RmHarness.RegisteredAm am = registeredAmOn(n1, "default"); // the AM asks for no label: the default partition, n1
    List<Container> gpu = am.awaitAllocated(am.allocate(AllocateRequest.newBuilder()
        .addAsks(ask(1024, 3, 1, "gpu"))).getAllocatedContainersList(), 3);
    assertThat(gpu).extracting(Container::getNodeId).containsOnly("n2:2");
    List<Container> plain = am.awaitAllocated(am.allocate(AllocateRequest.newBuilder()
        .addAsks(ask(1024, 10, 2, ""))).getAllocatedContainersList(), 7);
    assertThat(plain).extracting(Container::getNodeId).containsOnly("n1:1");
    assertThat(h.report(h.client().getApplications(io.weft.proto.GetApplicationsRequest.getDefaultInstance())
        .getApplications(0).getApplicationId()).getDiagnostics())
        .as("the default partition is n1 alone: the queue's limits are of its 8 GB, not of the cluster's 16")
        .contains("queue default is at its maximum capacity: 8192 MB, 8 vcores used of 8192 MB, 8 vcores");

    // a host name relabels every NodeManager on it; the AM hears of the node and its new label
    admin().addToClusterNodeLabels(AddToClusterNodeLabelsRequest.newBuilder()
        .addLabels(NodeLabel.newBuilder().setName("ssd").setExclusive(true)).build());
    admin().replaceLabelsOnNode(ReplaceLabelsOnNodeRequest.newBuilder()
        .addNodes(NodeToLabels.newBuilder().setNode("n2").addLabels("ssd")).build());
    AllocateResponse answer = am.allocate(AllocateRequest.newBuilder());
    assertThat(answer.getUpdatedNodesList()).anySatisfy(r -> {
      assertThat(r.getNodeId()).isEqualTo("n2:2");
      assertThat(r.getNodeLabelsList()).containsExactly("ssd");
    });
  }

  @Test
  void labelsTheQueueMayNotUse_unknownLabels_andNonExclusiveLabels_areRefusedNamingThem() {
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    admin().addToClusterNodeLabels(AddToClusterNodeLabelsRequest.newBuilder()
        .addLabels(NodeLabel.newBuilder().setName("gpu").setExclusive(true)).build());
    RmHarness.RegisteredAm am = registeredAmOn(n1, "b");
    assertThatThrownBy(() -> am.allocate(AllocateRequest.newBuilder().addAsks(ask(1024, 1, 1, "gpu"))))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).startsWith(
              "queue root.b may not use node label gpu (its accessible-node-labels: none)");
        });
    assertThatThrownBy(() -> am.allocate(AllocateRequest.newBuilder().addAsks(ask(1024, 1, 1, "fpga"))))
        .hasMessageContaining("node label expression 'fpga' names no cluster node label (cluster labels: gpu)");
    assertThatThrownBy(() -> admin().addToClusterNodeLabels(AddToClusterNodeLabelsRequest.newBuilder()
        .addLabels(NodeLabel.newBuilder().setName("ssd").setExclusive(false)).build()))
        .hasMessageContaining("node label ssd is non-exclusive (exclusive=false), which Weft does not support");
    assertThatThrownBy(() -> admin().replaceLabelsOnNode(ReplaceLabelsOnNodeRequest.newBuilder()
        .addNodes(NodeToLabels.newBuilder().setNode("n1:1").addLabels("fpga")).build()))
        .hasMessageContaining("node label fpga is not a cluster node label (cluster labels: gpu)");
    assertThatThrownBy(() -> admin().removeFromClusterNodeLabels(RemoveFromClusterNodeLabelsRequest.newBuilder()
        .addLabels("gpu").build()))
        .hasMessageContaining("node label gpu cannot be removed: queue root.default lists it in accessible-node-labels");
  }

  @Test
  void labelsAndNodeMappingsSurviveARestart() {
    h.registerNode("n2", 2, 8192, 8);
    admin().addToClusterNodeLabels(AddToClusterNodeLabelsRequest.newBuilder()
        .addLabels(NodeLabel.newBuilder().setName("gpu").setExclusive(true)).build());
    admin().replaceLabelsOnNode(ReplaceLabelsOnNodeRequest.newBuilder()
        .addNodes(NodeToLabels.newBuilder().setNode("n2:2").addLabels("gpu")).build());
    h.close();

    h = new RmHarness(grpc, dir.resolve("staging"), QUEUES);
    GetClusterNodeLabelsResponse after = h.client().getClusterNodeLabels(GetClusterNodeLabelsRequest.getDefaultInstance());
    assertThat(after.getLabelsList()).containsExactly(NodeLabel.newBuilder().setName("gpu").setExclusive(true).build());
    assertThat(after.getNodesList()).containsExactly(NodeToLabels.newBuilder().setNode("n2:2").addLabels("gpu").build());
    h.registerNode("n2", 2, 8192, 8);
    assertThat(report("n2:2").getNodeLabelsList()).containsExactly("gpu");
  }

  static ResourceRequest ask(long memoryMb, int count, int priority, String label) {
    return ResourceRequest.newBuilder().setResourceName("*").setPriority(priority).setNumContainers(count)
        .setNodeLabelExpression(label)
        .setCapability(io.weft.proto.Resource.newBuilder().setMemoryMb(memoryMb).setVcores(1)).build();
  }

  private RmHarness.RegisteredAm registeredAmOn(RmHarness.Node node, String queue) {
    String appId = h.newApplication();
    h.client().submitApplication(SubmitApplicationRequest.newBuilder()
        .setSubmissionContext(RmHarness.submission(appId, 1024).setQueue(queue)).build());
    return h.registerAm(h.awaitStart(node, 1));
  }



  private ResourceManagerAdministrationServiceGrpc.ResourceManagerAdministrationServiceBlockingStub admin() {
    return ResourceManagerAdministrationServiceGrpc.newBlockingStub(h.channel).withDeadlineAfter(10,
        TimeUnit.SECONDS);
  }

  private NodeReport report(String nodeId) {
    return h.client().getClusterNodes(GetClusterNodesRequest.getDefaultInstance()).getNodesList().stream()
        .filter(n -> n.getNodeId().equals(nodeId)).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + nodeId));
  }
}
