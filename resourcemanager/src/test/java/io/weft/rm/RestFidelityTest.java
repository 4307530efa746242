package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.Token;
import io.weft.proto.UpdateApplicationLifetimeRequest;
import io.weft.proto.YarnApplicationState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The values (not only the names) of the RM's REST answers are what Hadoop YARN 3.4.2 sends in the same
 * situation: public states, tracking UI, progress, queue paths, usage shares, timeouts, the single-attempt and
 * attempt-containers shapes (compare ../shared/peers/hadoop-yarn/rest/yarn/).
 */
class RestFidelityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  RmHarness.Node node;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    h = new RmHarness(grpc, staging, Map.of());
    node = h.registerNode("127.0.0.1", 40111, 8192, 8);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + h.rm.webAddress() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send("GET", path, null);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private JsonNode app(String appId) throws Exception {
    return get("/ws/v1/cluster/apps/" + appId).path("app");
  }

  private List<String> ids(String query) throws Exception {
    List<String> out = new ArrayList<>();
    get("/ws/v1/cluster/apps?" + query).path("apps").path("app").forEach(a -> out.add(a.path("id").asText()));
    return out;
  }

  /** Submits an app of a 1024 MB AM and registers its AM (with {@code trackingUrl}, maybe empty). */
  private String runningApp(String trackingUrl) {
    String appId = h.submit(1024);
    StartContainerRequest launch = h.awaitStart(node, 1);
    Token token = RmHarness.amrmToken(launch);
    h.heartbeat(node, RmHarness.running(FakeNodeManager.containerId(launch)));
    h.am(token).registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder().setHost("127.0.0.1")
        .setRpcPort(7000).setTrackingUrl(trackingUrl).build());
    h.awaitState(appId, YarnApplicationState.RUNNING);
    return appId;
  }

  @Test
  void runningApp_showsApplicationMasterUi_itsQueuePath_andItsShareOfQueueAndCluster() throws Exception {
    String appId = runningApp("");
    JsonNode app = app(appId);
    assertThat(app.path("state").asText()).isEqualTo("RUNNING");
    // no URL registered: YARN still links the proxy and calls it the ApplicationMaster's
    assertThat(app.path("trackingUI").asText()).isEqualTo("ApplicationMaster");
    assertThat(app.path("trackingUrl").asText()).isEqualTo("http://" + h.rm.webAddress() + "/proxy/" + appId + "/");
    assertThat(app.path("queue").asText()).isEqualTo("root.default");
    // 1024 MB and 1 vcore of 8192 MB and 8 vcores; default holds the whole cluster
    assertThat(app.path("clusterUsagePercentage").asDouble()).isEqualTo(12.5);
    assertThat(app.path("queueUsagePercentage").asDouble()).isEqualTo(12.5);
    JsonNode used = app.path("resourceInfo").path("resourceUsagesByPartition").get(0).path("used");
    assertThat(used.path("memory").asLong()).isEqualTo(1024);
    assertThat(used.path("resourceInformations").path("resourceInformation").get(0).path("name").asText())
        .isEqualTo("memory-mb");
    assertThat(app.path("timeouts").path("timeout").get(0).path("expiryTime").asText()).isEqualTo("UNLIMITED");
    assertThat(app.path("timeouts").path("timeout").get(0).path("remainingTimeInSeconds").asLong()).isEqualTo(-1);

    assertThat(ids("queue=root.default")).containsExactly(appId);
    assertThat(ids("queue=default")).containsExactly(appId);
    assertThat(ids("queue=root.other")).isEmpty();
  }

  @Test
  void killedApp_isKilledAtFullProgress_withTheHistoryUiOnTheRmsAppPage() throws Exception {
    String appId = runningApp("http://127.0.0.1:4040/");
    h.client().killApplication(io.weft.proto.KillApplicationRequest.newBuilder().setApplicationId(appId).build());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app(appId).path("state").asText())
        .isEqualTo("KILLED"));
    JsonNode app = app(appId);
    assertThat(app.path("progress").asDouble()).isEqualTo(100.0);
    assertThat(app.path("trackingUI").asText()).isEqualTo("History");
    assertThat(app.path("trackingUrl").asText()).isEqualTo("http://" + h.rm.webAddress() + "/cluster/app/" + appId);
    assertThat(app.path("queueUsagePercentage").asDouble()).isZero();
    assertThat(app.path("allocatedMB").asLong()).isEqualTo(-1);
    assertThat(app.has("resourceInfo")).as("YARN drops resourceInfo once the app ended").isFalse();
    assertThat(ids("states=KILLED")).containsExactly(appId);
  }

  @Test
  void statesFilter_takesOnlyYarnsPublicStates_andNamesTheBadOne() throws Exception {
    for (String internal : List.of("FINISHING", "FINAL_SAVING", "BOGUS")) {
      HttpResponse<String> r = send("GET", "/ws/v1/cluster/apps?states=" + internal, null);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("RemoteException").path("message").asText())
          .isEqualTo("Invalid application-state " + internal + " specified. It should be one of "
              + "[NEW, NEW_SAVING, SUBMITTED, ACCEPTED, RUNNING, FINISHED, FAILED, KILLED]");
    }
  }

  @Test
  void lifetime_isTheLifetimeTimeout_withItsExpiryAndSecondsLeft() throws Exception {
    String appId = h.submit(1024);
    h.client().updateApplicationLifetime(UpdateApplicationLifetimeRequest.newBuilder().setApplicationId(appId)
        .setLifetimeSeconds(3600).build());
    JsonNode timeout = app(appId).path("timeouts").path("timeout").get(0);
    assertThat(timeout.path("type").asText()).isEqualTo("LIFETIME");
    assertThat(timeout.path("expiryTime").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
    assertThat(timeout.path("remainingTimeInSeconds").asLong()).isBetween(1L, 3600L);
  }

  @Test
  void oneAttempt_andItsContainers_areInYarn34sShape() throws Exception {
    String appId = runningApp("http://127.0.0.1:4040/");
    String attemptId = get("/ws/v1/cluster/apps/" + appId + "/appattempts").path("appAttempts").path("appAttempt")
        .get(0).path("appAttemptId").asText();

    JsonNode attempt = get("/ws/v1/cluster/apps/" + appId + "/appattempts/" + attemptId);
    assertThat(attempt.path("appAttemptId").asText()).isEqualTo(attemptId);
    assertThat(attempt.path("appAttemptState").asText()).isEqualTo("RUNNING");
    assertThat(attempt.path("rpcPort").isTextual()).isTrue();
    assertThat(attempt.path("rpcPort").asText()).isEqualTo("7000");
    assertThat(attempt.path("originalTrackingUrl").asText()).isEqualTo("http://127.0.0.1:4040/");
    assertThat(attempt.path("trackingUrl").asText()).endsWith("/proxy/" + appId + "/");
    assertThat(attempt.path("amContainerId").asText()).startsWith("container_");
    assertThat(attempt.path("startedTime").isTextual()).isTrue();

    JsonNode containers = get("/ws/v1/cluster/apps/" + appId + "/appattempts/" + attemptId + "/containers");
    assertThat(containers.has("containers")).as("YARN 3.4 has no outer wrapper").isFalse();
    JsonNode am = containers.path("container").get(0);
    assertThat(am.path("allocatedMB").asText()).isEqualTo("1024");
    assertThat(am.path("allocatedMB").isTextual()).isTrue();
    assertThat(am.path("containerState").asText()).isEqualTo("RUNNING");
    assertThat(am.path("allocatedResources").path("entry").get(0).path("key").asText()).isEqualTo("memory-mb");

    String otherAttempt = attemptId.substring(0, attemptId.length() - 1) + "9";
    assertThat(send("GET", "/ws/v1/cluster/apps/" + appId + "/appattempts/" + otherAttempt, null).statusCode())
        .isEqualTo(404);
    assertThat(send("GET", "/ws/v1/cluster/apps/" + appId + "/appattempts/nonsense", null).statusCode())
        .isEqualTo(400);
  }

  @Test
  void clusterMetrics_nodes_andNewApplication_carryYarnsResourceShapes() throws Exception {
    h.submit(1024); // its AM asks, then holds
    JsonNode metrics = get("/ws/v1/cluster/metrics").path("clusterMetrics");
    assertThat(metrics.path("totalClusterResourcesAcrossPartition").path("memory").asLong()).isEqualTo(8192);
    assertThat(metrics.path("crossPartitionMetricsAvailable").asBoolean()).isTrue();
    assertThat(metrics.path("pendingMB").asLong() + metrics.path("allocatedMB").asLong()).isEqualTo(1024);
    assertThat(metrics.has("rmEventQueueSize")).isTrue();

    JsonNode n = get("/ws/v1/cluster/nodes/" + node.id()).path("node");
    assertThat(n.path("totalResource").path("resourceInformations").path("resourceInformation").get(1)
        .path("name").asText()).isEqualTo("vcores");
    assertThat(n.path("usedResource").path("memory").asLong() + n.path("availableResource").path("memory").asLong())
        .isEqualTo(8192);

    JsonNode info = get("/ws/v1/cluster/info").path("clusterInfo");
    assertThat(info.path("hadoopVersion").asText()).isEqualTo("3.4.2");
    assertThat(info.path("weftVersion").asText()).isNotBlank();

    HttpResponse<String> fresh = send("POST", "/ws/v1/cluster/apps/new-application", null);
    JsonNode max = JSON.readTree(fresh.body()).path("maximum-resource-capability");
    assertThat(max.path("resourceInformations").path("resourceInformation").size()).isGreaterThanOrEqualTo(2);
  }
}
