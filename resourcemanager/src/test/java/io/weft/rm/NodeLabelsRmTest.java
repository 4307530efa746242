package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
  void aUsersLimitIsKeptPerPartition_ofTheQueuesGuaranteeOnTheLabel() throws Exception {
    restartWith(Map.of("weft.scheduler.capacity.root.default.user-limit-factor", "1",
        "weft.scheduler.capacity.root.default.accessible-node-labels.gpu.capacity", "50",
        "weft.scheduler.capacity.root.b.accessible-node-labels", "gpu",
        "weft.scheduler.capacity.root.b.accessible-node-labels.gpu.capacity", "50"));
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    h.registerNode("n2", 2, 8192, 8);
    addExclusiveLabels("gpu");
    admin().replaceLabelsOnNode(ReplaceLabelsOnNodeRequest.newBuilder()
        .addNodes(NodeToLabels.newBuilder().setNode("n2:2").addLabels("gpu")).build());
    RmHarness.RegisteredAm am = registeredAmOn(n1, "default");

    // half of gpu guaranteed, user-limit-factor 1: one user holds at most 4 GB there, though the queue may have 8
    List<Container> gpu = am.awaitAllocated(am.allocate(AllocateRequest.newBuilder()
        .addAsks(ask(1024, 6, 1, "gpu"))).getAllocatedContainersList(), 4);
    assertThat(gpu).hasSize(4).extracting(Container::getNodeId).containsOnly("n2:2");
    String app = h.client().getApplications(io.weft.proto.GetApplicationsRequest.getDefaultInstance())
        .getApplications(0).getApplicationId();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(h.report(app).getDiagnostics())
        .containsPattern("user \\S+ is at the user limit of queue default in partition gpu: 4096 MB, 4 vcores used "
            + "of 4096 MB, 4 vcores"));
    assertThat(am.allocate(AllocateRequest.newBuilder()).getAllocatedContainersList()).isEmpty();

    // the scheduler REST lists the user's usage per partition, and the user limit on each label
    JsonNode user = new ObjectMapper().readTree(http("GET", "/ws/v1/cluster/scheduler", null).body())
        .path("scheduler").path("schedulerInfo").path("queues").path("queue").get(0).path("users").path("user").get(0);
    JsonNode usages = user.path("resources").path("resourceUsagesByPartition");
    assertThat(usages.findValuesAsText("partitionName")).containsExactly("", "gpu");
    assertThat(usages.get(0).path("used").path("memory").asLong()).as("the AM").isEqualTo(1024);
    assertThat(usages.get(1).path("used").path("memory").asLong()).isEqualTo(4096);
    assertThat(user.path("resourcesUsed").path("memory").asLong()).isEqualTo(5120);
    assertThat(user.path("userResourceLimitsByPartition").get(0).path("userResourceLimit").path("memory").asLong())
        .isEqualTo(4096);
  }

  @Test
  void pendingAndReservedAreShownPerPartition() throws Exception {
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    h.registerNode("n2", 2, 8192, 8);
    h.registerNode("n3", 3, 8192, 8);
    addExclusiveLabels("gpu");
    admin().replaceLabelsOnNode(ReplaceLabelsOnNodeRequest.newBuilder()
        .addNodes(NodeToLabels.newBuilder().setNode("n2:2").addLabels("gpu"))
        .addNodes(NodeToLabels.newBuilder().setNode("n3:3").addLabels("gpu")).build());
    RmHarness.RegisteredAm am = registeredAmOn(n1, "default");
    am.awaitAllocated(am.allocate(AllocateRequest.newBuilder().addAsks(ask(1024, 3, 1, "gpu")))
        .getAllocatedContainersList(), 3);

    // a whole gpu node fits on neither (each holds a container): it reserves one; the plain node fills up
    am.allocate(AllocateRequest.newBuilder().addAsks(ask(8192, 1, 2, "gpu")).addAsks(ask(1024, 20, 3, "")));
    JsonNode usages = await().atMost(Duration.ofSeconds(20)).until(() -> new ObjectMapper()
        .readTree(http("GET", "/ws/v1/cluster/scheduler", null).body()).path("scheduler").path("schedulerInfo")
        .path("queues").path("queue").get(0).path("resources").path("resourceUsagesByPartition"),
        u -> u.get(1).path("reserved").path("memory").asLong() > 0 && u.get(0).path("used").path("memory")
            .asLong() == 8192);
    assertThat(usages.findValuesAsText("partitionName")).containsExactly("", "gpu");
    assertThat(usages.get(0).path("pending").path("memory").asLong()).isEqualTo(13 * 1024);
    assertThat(usages.get(0).path("reserved").path("memory").asLong()).isZero();
    assertThat(usages.get(1).path("pending").path("memory").asLong()).isEqualTo(8192);
    assertThat(usages.get(1).path("reserved").path("memory").asLong()).isEqualTo(8192);
    assertThat(usages.get(1).path("used").path("memory").asLong()).isEqualTo(3072);
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

  @Test
  void amLabelExpressions_andTheQueuesDefaultLabel_placeAms_unknownOnesAreRefusedAtSubmit_overGrpcAndRest()
      throws Exception {
    restartWith(Map.of("weft.scheduler.capacity.root.b.accessible-node-labels", "gpu",
        "weft.scheduler.capacity.root.b.accessible-node-labels.gpu.capacity", "0",
        "weft.scheduler.capacity.root.b.default-node-label-expression", "gpu"));
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    RmHarness.Node n2 = h.registerNode("n2", 2, 8192, 8);
    addExclusiveLabels("gpu");
    admin().replaceLabelsOnNode(ReplaceLabelsOnNodeRequest.newBuilder()
        .addNodes(NodeToLabels.newBuilder().setNode("n2:2").addLabels("gpu")).build());

    String labelled = submit("default", "gpu");
    h.awaitStart(n2, 1);
    String plain = submit("default", "");
    h.awaitStart(n1, 1);
    assertThat(n1.service().started).hasSize(1);
    assertThat(n2.service().started).hasSize(1);
    assertThat(restApp(labelled).path("amNodeLabelExpression").asText()).isEqualTo("gpu");
    assertThat(restApp(plain).path("amNodeLabelExpression").asText()).isEmpty();

    // queue b's default-node-label-expression is gpu: an AM asking for no label goes there, as in YARN
    String inB = submit("b", "");
    h.awaitStart(n2, 2);
    assertThat(n1.service().started).hasSize(1);
    assertThat(restApp(inB).path("amNodeLabelExpression").asText()).isEqualTo("gpu");

    // /ws/v1/cluster/scheduler lists each queue's partitions as YARN does: "" first, then the labels it may use
    HttpResponse<String> scheduler = http("GET", "/ws/v1/cluster/scheduler", null);
    assertThat(scheduler.statusCode()).as(scheduler.body()).isEqualTo(200);
    JsonNode queues = new ObjectMapper().readTree(scheduler.body())
        .path("scheduler").path("schedulerInfo").path("queues").path("queue");
    JsonNode queueDefault = queues.get(0);
    JsonNode queueB = queues.get(1);
    assertThat(queueDefault.path("nodeLabels").toString()).isEqualTo("[\"gpu\"]");
    JsonNode capacities = queueDefault.path("capacities").path("queueCapacitiesByPartition");
    assertThat(capacities.findValuesAsText("partitionName")).containsExactly("", "gpu");
    assertThat(capacities.get(1).path("absoluteCapacity").floatValue()).isEqualTo(100f);
    assertThat(capacities.get(1).path("absoluteUsedCapacity").floatValue()).isEqualTo(12.5f);
    JsonNode usages = queueDefault.path("resources").path("resourceUsagesByPartition");
    assertThat(usages.get(0).path("used").path("memory").asLong()).as("the plain AM").isEqualTo(1024);
    assertThat(usages.get(1).path("partitionName").asText()).isEqualTo("gpu");
    assertThat(usages.get(1).path("used").path("memory").asLong()).as("the gpu AM").isEqualTo(1024);
    assertThat(usages.get(1).path("amUsed").path("memory").asLong()).isEqualTo(1024);
    JsonNode usagesB = queueB.path("resources").path("resourceUsagesByPartition");
    assertThat(usagesB.get(0).path("used").path("memory").asLong()).isZero();
    assertThat(usagesB.get(1).path("used").path("memory").asLong()).isEqualTo(1024);

    assertThatThrownBy(() -> submit("default", "fpga"))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription())
              .contains("node label expression 'fpga' names no cluster node label (cluster labels: gpu)");
        });
    HttpResponse<String> rest = http("POST", "/ws/v1/cluster/apps", "{\"application-id\":\""
        + h.newApplication() + "\",\"queue\":\"default\",\"am-container-node-label-expression\":\"fpga\","
        + "\"am-container-spec\":{\"commands\":{\"command\":\"true\"}}}");
    assertThat(rest.statusCode()).isEqualTo(400);
    assertThat(rest.body()).contains("node label expression 'fpga' names no cluster node label");
    assertThat(n1.service().started.size() + n2.service().started.size()).isEqualTo(3);
  }

  /** YARN's ApplicationSubmissionContext.nodeLabelExpression: the AM and every ask naming no label go there. */
  @Test
  void theApplicationsLabel_placesItsAmAndItsUnlabelledAsks_anAsksOwnLabelStillWins_overGrpcAndRest()
      throws Exception {
    restartWith(Map.of("weft.scheduler.capacity.root.default.accessible-node-labels", "gpu,ssd",
        "weft.scheduler.capacity.root.default.accessible-node-labels.ssd.capacity", "100"));
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    RmHarness.Node n2 = h.registerNode("n2", 2, 8192, 8);
    addExclusiveLabels("gpu", "ssd");
    admin().replaceLabelsOnNode(ReplaceLabelsOnNodeRequest.newBuilder()
        .addNodes(NodeToLabels.newBuilder().setNode("n2:2").addLabels("gpu"))
        .addNodes(NodeToLabels.newBuilder().setNode("n1:1").addLabels("ssd")).build());
    String appId = h.newApplication();
    h.client().submitApplication(SubmitApplicationRequest.newBuilder().setSubmissionContext(
        RmHarness.submission(appId, 1024).setQueue("default").setNodeLabelExpression("gpu")).build());
    RmHarness.RegisteredAm am = h.registerAm(h.awaitStart(n2, 1));
    List<Container> unlabelled = am.awaitAllocated(am.allocate(AllocateRequest.newBuilder()
        .addAsks(ask(1024, 2, 1, ""))).getAllocatedContainersList(), 2);
    assertThat(unlabelled).extracting(Container::getNodeId).containsOnly("n2:2");
    List<Container> ssd = am.awaitAllocated(am.allocate(AllocateRequest.newBuilder()
        .addAsks(ask(1024, 1, 2, "ssd"))).getAllocatedContainersList(), 1);
    assertThat(ssd).extracting(Container::getNodeId).containsOnly("n1:1");
    assertThat(restApp(appId).path("appNodeLabelExpression").asText()).isEqualTo("gpu");
    assertThat(restApp(appId).path("amNodeLabelExpression").asText()).isEqualTo("gpu");

    HttpResponse<String> rest = http("POST", "/ws/v1/cluster/apps", "{\"application-id\":\""
        + h.newApplication() + "\",\"queue\":\"default\",\"app-node-label-expression\":\"fpga\","
        + "\"am-container-spec\":{\"commands\":{\"command\":\"true\"}}}");
    assertThat(rest.statusCode()).isEqualTo(400);
    assertThat(rest.body()).contains("node label expression 'fpga' names no cluster node label");
    String viaRest = h.newApplication();
    assertThat(http("POST", "/ws/v1/cluster/apps", "{\"application-id\":\"" + viaRest + "\",\"queue\":"
        + "\"default\",\"app-node-label-expression\":\"ssd\",\"am-container-spec\":{\"commands\":"
        + "{\"command\":\"true\"}}}").statusCode()).isEqualTo(202);
    h.awaitStart(n1, 1);
    assertThat(restApp(viaRest).path("appNodeLabelExpression").asText()).isEqualTo("ssd");
  }

  /** Restarts the RM with {@link #QUEUES} changed by {@code changes}. */
  private void restartWith(Map<String, String> changes) {
    h.close();
    Map<String, String> conf = new HashMap<>(QUEUES);
    conf.putAll(changes);
    h = new RmHarness(grpc, dir.resolve("staging"), conf);
  }

  private void addExclusiveLabels(String... names) {
    AddToClusterNodeLabelsRequest.Builder request = AddToClusterNodeLabelsRequest.newBuilder();
    for (String name : names) {
      request.addLabels(NodeLabel.newBuilder().setName(name).setExclusive(true));
    }
    admin().addToClusterNodeLabels(request.build());
  }

  private String submit(String queue, String amLabel) {
    String appId = h.newApplication();
    h.client().submitApplication(SubmitApplicationRequest.newBuilder().setSubmissionContext(
        RmHarness.submission(appId, 1024).setQueue(queue).setAmNodeLabelExpression(amLabel)).build());
    return appId;
  }

  private JsonNode restApp(String appId) throws Exception {
    return new ObjectMapper().readTree(http("GET", "/ws/v1/cluster/apps/" + appId,
        null).body()).path("app");
  }

  private HttpResponse<String> http(String method, String path, String body) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://" + h.rm.webAddress() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
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
