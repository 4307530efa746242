package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.FinalApplicationStatus;
import io.weft.proto.FinishApplicationMasterRequest;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.Token;
import io.weft.proto.YarnApplicationState;
import java.io.IOException;
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

/** The RM's YARN-compatible REST API over real HTTP: shapes, filters, errors, kill and REST submission. */
class RestApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  RmHarness.Node node;
  final HttpClient http = HttpClient.newHttpClient();
  int amLaunches;

  @BeforeEach
  void start() {
    h = new RmHarness(grpc, staging, Map.of());
    node = h.registerNode("127.0.0.1", 40111, 8192, 8);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  record Answer(int status, JsonNode json, HttpResponse<String> raw) {}

  private Answer call(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + h.rm.webAddress() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
        ? JSON.readTree(r.body()) : null;
    return new Answer(r.statusCode(), json, r);
  }

  private Answer get(String path) throws IOException, InterruptedException {
    return call("GET", path, null);
  }

  private static List<String> fields(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** Runs an application to FINISHED/SUCCEEDED through its AM. */
  private String finishedApp() {
    String appId = h.submit(1024);
    StartContainerRequest launch = h.awaitStart(node, ++amLaunches);
    Token token = RmHarness.amrmToken(launch);
    h.am(token).registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());
    h.am(token).finishApplicationMaster(FinishApplicationMasterRequest.newBuilder()
        .setFinalApplicationStatus(FinalApplicationStatus.FINAL_SUCCEEDED).build());
    // The NM reports the AM's exit until the RM has seen it (a report may race the unregistration).
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      h.heartbeat(node, RmHarness.exited(FakeNodeManager.containerId(launch), 0));
      assertThat(h.report(appId).getState()).isEqualTo(YarnApplicationState.FINISHED);
    });
    return appId;
  }

  /**
   * The field names YARN's "ResourceManager REST API's" page documents for each object (Hadoop 3.x
   * ResourceManagerRest.md, "Elements of the … object" tables), checked one by one below.
   */
  static final Map<String, List<String>> DOCUMENTED_FIELDS = Map.of(
      "clusterInfo", List.of("id", "startedOn", "state", "haState", "rmStateStoreName", "resourceManagerVersion",
          "resourceManagerBuildVersion", "resourceManagerVersionBuiltOn", "hadoopVersion", "hadoopBuildVersion",
          "hadoopVersionBuiltOn"),
      "clusterMetrics", List.of("appsSubmitted", "appsCompleted", "appsPending", "appsRunning", "appsFailed",
          "appsKilled", "reservedMB", "availableMB", "allocatedMB", "totalMB", "reservedVirtualCores",
          "availableVirtualCores", "allocatedVirtualCores", "totalVirtualCores", "containersAllocated",
          "containersReserved", "containersPending", "totalNodes", "activeNodes", "lostNodes", "unhealthyNodes",
          "decommissioningNodes", "decommissionedNodes", "rebootedNodes", "shutdownNodes"),
      "schedulerInfo", List.of("type", "capacity", "usedCapacity", "maxCapacity", "queueName", "queues"),
      "app", List.of("id", "user", "name", "queue", "state", "finalStatus", "progress", "trackingUI", "trackingUrl",
          "diagnostics", "clusterId", "applicationType", "applicationTags", "priority", "startedTime", "launchTime",
          "finishedTime", "elapsedTime", "amContainerLogs", "amHostHttpAddress", "amRPCAddress", "allocatedMB",
          "allocatedVCores", "runningContainers", "memorySeconds", "vcoreSeconds", "queueUsagePercentage",
          "clusterUsagePercentage", "preemptedResourceMB", "preemptedResourceVCores", "numNonAMContainerPreempted",
          "numAMContainerPreempted", "logAggregationStatus", "unmanagedApplication", "appNodeLabelExpression",
          "amNodeLabelExpression"),
      "appAttempt", List.of("id", "nodeId", "nodeHttpAddress", "logsLink", "containerId", "startTime"),
      "node", List.of("rack", "state", "id", "nodeHostName", "nodeHTTPAddress", "lastHealthUpdate", "version",
          "healthReport", "numContainers", "usedMemoryMB", "availMemoryMB", "usedVirtualCores",
          "availableVirtualCores", "resourceUtilization"),
      "resourceUtilization", List.of("nodePhysicalMemoryMB", "nodeVirtualMemoryMB", "nodeCPUUsage",
          "aggregatedContainersPhysicalMemoryMB", "aggregatedContainersVirtualMemoryMB", "containersCPUUsage"),
      "new-application", List.of("application-id", "maximum-resource-capability"),
      "maximum-resource-capability", List.of("memory", "vCores"),
      "appstate", List.of("state"));

  private static void assertDocumented(String object, JsonNode json) {
    assertThat(json.isObject()).as(object + " is an object: " + json).isTrue();
    assertThat(fields(json)).as("fields of " + object).containsAll(DOCUMENTED_FIELDS.get(object));
  }

  @Test
  void everyEndpoint_answersYarnsDocumentedFieldNamesAndNesting() throws Exception {
    String appId = finishedApp();
    assertDocumented("clusterInfo", get("/ws/v1/cluster/info").json().path("clusterInfo"));
    assertDocumented("clusterInfo", get("/ws/v1/cluster").json().path("clusterInfo"));
    assertDocumented("clusterMetrics", get("/ws/v1/cluster/metrics").json().path("clusterMetrics"));
    assertDocumented("schedulerInfo", get("/ws/v1/cluster/scheduler").json().path("scheduler").path("schedulerInfo"));
    assertDocumented("app", get("/ws/v1/cluster/apps").json().path("apps").path("app").get(0));
    assertDocumented("app", get("/ws/v1/cluster/apps/" + appId).json().path("app"));
    assertDocumented("appAttempt", get("/ws/v1/cluster/apps/" + appId + "/appattempts").json().path("appAttempts")
        .path("appAttempt").get(0));
    assertDocumented("appstate", get("/ws/v1/cluster/apps/" + appId + "/state").json());
    JsonNode n = get("/ws/v1/cluster/nodes").json().path("nodes").path("node").get(0);
    assertDocumented("node", n);
    assertDocumented("resourceUtilization", n.path("resourceUtilization"));
    assertDocumented("node", get("/ws/v1/cluster/nodes/" + node.id()).json().path("node"));
    JsonNode fresh = call("POST", "/ws/v1/cluster/apps/new-application", null).json();
    assertDocumented("new-application", fresh);
    assertDocumented("maximum-resource-capability", fresh.path("maximum-resource-capability"));
    assertThat(get("/ws/v1/cluster/apps?states=KILLED").json().path("apps").path("app").isArray()).isTrue();
  }

  @Test
  void nodeResourceUtilization_isWhatTheNodeManagerLastMeasured() throws Exception {
    h.tracker().nodeHeartbeat(io.weft.proto.NodeHeartbeatRequest.newBuilder().setNodeStatus(
        io.weft.proto.NodeStatus.newBuilder().setNodeId(node.id().toString())
            .setContainersUtilization(io.weft.proto.ResourceUtilization.newBuilder().setPmemMb(700).setVmemMb(900)
                .setCpuVcores(1.5f))
            .setNodeUtilization(io.weft.proto.ResourceUtilization.newBuilder().setPmemMb(3000).setVmemMb(3100)
                .setCpuVcores(2.25f))).build());

    JsonNode u = get("/ws/v1/cluster/nodes/" + node.id()).json().path("node").path("resourceUtilization");

    assertThat(u.path("aggregatedContainersPhysicalMemoryMB").asLong()).isEqualTo(700);
    assertThat(u.path("aggregatedContainersVirtualMemoryMB").asLong()).isEqualTo(900);
    assertThat(u.path("containersCPUUsage").asDouble()).isEqualTo(1.5);
    assertThat(u.path("nodePhysicalMemoryMB").asLong()).isEqualTo(3000);
    assertThat(u.path("nodeVirtualMemoryMB").asLong()).isEqualTo(3100);
    assertThat(u.path("nodeCPUUsage").asDouble()).isEqualTo(2.25);
  }

  @Test
  void clusterInfoMetricsAndScheduler_haveYarnsFieldNames() throws Exception {
    JsonNode info = get("/ws/v1/cluster/info").json().path("clusterInfo");
    assertThat(fields(info)).contains("id", "startedOn", "state", "haState", "rmStateStoreName",
        "resourceManagerVersion", "resourceManagerBuildVersion", "hadoopVersion");
    assertThat(info.path("state").asText()).isEqualTo("STARTED");
    // The real store, named as YARN names its store (the class), with the RM's run on it.
    assertThat(info.path("rmStateStoreName").asText()).isEqualTo("io.weft.rm.store.RocksDbStateStore");
    assertThat(info.path("rmEpoch").asInt()).isZero();
    assertThat(info.path("recoveredApplications").asInt()).isZero();

    JsonNode metrics = get("/ws/v1/cluster/metrics").json().path("clusterMetrics");
    assertThat(fields(metrics)).contains("appsSubmitted", "appsCompleted", "appsPending", "appsRunning",
        "appsFailed", "appsKilled", "reservedMB", "availableMB", "allocatedMB", "totalMB", "reservedVirtualCores",
        "availableVirtualCores", "allocatedVirtualCores", "totalVirtualCores", "containersAllocated",
        "containersReserved", "containersPending", "totalNodes", "activeNodes", "lostNodes", "unhealthyNodes",
        "decommissionedNodes", "rebootedNodes", "shutdownNodes");
    assertThat(metrics.path("totalMB").asLong()).isEqualTo(8192);
    assertThat(metrics.path("activeNodes").asInt()).isEqualTo(1);

    JsonNode scheduler = get("/ws/v1/cluster/scheduler").json().path("scheduler").path("schedulerInfo");
    assertThat(scheduler.path("type").asText()).isEqualTo("capacityScheduler");
    assertThat(fields(scheduler)).contains("capacity", "usedCapacity", "maxCapacity", "queueName", "queues");
    JsonNode queue = scheduler.path("queues").path("queue").get(0);
    assertThat(queue.path("type").asText()).isEqualTo("capacitySchedulerLeafQueueInfo");
    assertThat(queue.path("queueName").asText()).isEqualTo("default");
    assertThat(queue.path("capacity").asDouble()).isEqualTo(100.0);
    assertThat(fields(queue)).contains("maxCapacity", "usedCapacity", "absoluteCapacity", "absoluteMaxCapacity",
        "absoluteUsedCapacity", "numApplications", "numActiveApplications", "numPendingApplications",
        "resourcesUsed", "state", "userLimitFactor", "maxApplications");
  }

  @Test
  void apps_andOneApp_andItsAttempts_haveYarnsShape() throws Exception {
    String appId = finishedApp();

    JsonNode list = get("/ws/v1/cluster/apps").json().path("apps").path("app");
    assertThat(list.size()).isEqualTo(1);
    JsonNode app = get("/ws/v1/cluster/apps/" + appId).json().path("app");
    assertThat(fields(app)).contains("id", "user", "name", "queue", "state", "finalStatus", "progress",
        "trackingUI", "trackingUrl", "diagnostics", "clusterId", "applicationType", "applicationTags", "priority",
        "startedTime", "launchTime", "finishedTime", "elapsedTime", "amContainerLogs", "amHostHttpAddress",
        "amRPCAddress", "allocatedMB", "allocatedVCores", "runningContainers", "memorySeconds", "vcoreSeconds",
        "queueUsagePercentage", "clusterUsagePercentage", "preemptedResourceMB", "logAggregationStatus");
    assertThat(app.path("state").asText()).isEqualTo("FINISHED");
    assertThat(app.path("finalStatus").asText()).isEqualTo("SUCCEEDED");
    assertThat(app.path("user").asText()).isEqualTo("alice");
    assertThat(app.path("trackingUrl").asText()).isEqualTo("http://" + h.rm.webAddress() + "/proxy/" + appId + "/");
    assertThat(app.path("amContainerLogs").asText()).startsWith("http://127.0.0.1:40112/node/containerlogs/container_");
    assertThat(app.path("memorySeconds").asLong()).isNotNegative();

    JsonNode attempt = get("/ws/v1/cluster/apps/" + appId + "/appattempts").json().path("appAttempts")
        .path("appAttempt").get(0);
    assertThat(fields(attempt)).contains("id", "startTime", "finishedTime", "containerId", "nodeHttpAddress",
        "nodeId", "logsLink", "blacklistedNodes", "appAttemptId", "appAttemptState");
    assertThat(attempt.path("appAttemptState").asText()).isEqualTo("FINISHED");
    JsonNode containers = get("/ws/v1/cluster/apps/" + appId + "/appattempts/" + attempt.path("appAttemptId")
        .asText() + "/containers").json().path("container");
    assertThat(containers.get(0).path("logUrl").asText()).contains("/node/containerlogs/");
    assertThat(get("/ws/v1/cluster/apps/" + appId + "/state").json().path("state").asText()).isEqualTo("FINISHED");
  }

  @Test
  void apps_filtersByStateUserTypeLimitAndTime_andPagesForTheConsole() throws Exception {
    String finished = finishedApp();
    String waiting1 = h.submit(1024);
    String waiting2 = h.submit(1024);
    amLaunches += 2;

    assertThat(ids("/ws/v1/cluster/apps?states=FINISHED")).containsExactly(finished);
    assertThat(ids("/ws/v1/cluster/apps?states=accepted,running")).containsExactlyInAnyOrder(waiting1, waiting2);
    assertThat(ids("/ws/v1/cluster/apps?user=alice")).hasSize(3);
    assertThat(ids("/ws/v1/cluster/apps?user=bob")).isEmpty();
    assertThat(ids("/ws/v1/cluster/apps?queue=default&applicationTypes=weft")).hasSize(3);
    assertThat(ids("/ws/v1/cluster/apps?applicationTypes=MAPREDUCE")).isEmpty();
    assertThat(ids("/ws/v1/cluster/apps?limit=2")).hasSize(2);
    assertThat(ids("/ws/v1/cluster/apps?startedTimeBegin=1&finishedTimeEnd=" + Long.MAX_VALUE))
        .containsExactly(finished);
    assertThat(ids("/ws/v1/cluster/apps?startedTimeBegin=" + Long.MAX_VALUE)).isEmpty();

    Answer page = get("/ws/v1/cluster/apps?offset=1&limit=1&sort=id&order=asc");
    assertThat(page.json().path("total").asInt()).isEqualTo(3);
    assertThat(page.json().path("apps").path("app").get(0).path("id").asText()).isEqualTo(waiting1);
    assertThat(ids("/ws/v1/cluster/apps?offset=0&search=" + waiting2.substring(waiting2.length() - 4)))
        .containsExactly(waiting2);
  }

  private List<String> ids(String path) throws Exception {
    Answer a = get(path);
    assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    a.json().path("apps").path("app").forEach(app -> out.add(app.path("id").asText()));
    return out;
  }

  @Test
  void badInput_isA400_andUnknownIds_are404s_asRemoteExceptions() throws Exception {
    Answer unknown = get("/ws/v1/cluster/apps/application_1_9999");
    assertThat(unknown.status()).isEqualTo(404);
    JsonNode remote = unknown.json().path("RemoteException");
    assertThat(remote.path("exception").asText()).isEqualTo("NotFoundException");
    assertThat(remote.path("message").asText()).contains("application_1_9999");
    assertThat(remote.path("javaClassName").asText()).endsWith("NotFoundException");

    assertThat(get("/ws/v1/cluster/apps/not-an-id").status()).isEqualTo(400);
    assertThat(get("/ws/v1/cluster/apps/application_1_9999/appattempts").status()).isEqualTo(404);
    assertThat(get("/ws/v1/cluster/nodes/nohost:1").status()).isEqualTo(404);
    assertThat(get("/ws/v1/cluster/nodes/" + node.id()).json().path("node").path("id").asText())
        .isEqualTo(node.id().toString());
    Answer badState = get("/ws/v1/cluster/apps?states=SLEEPING");
    assertThat(badState.status()).isEqualTo(400);
    assertThat(badState.json().path("RemoteException").path("message").asText()).contains("SLEEPING");
    assertThat(get("/ws/v1/cluster/apps?limit=-1").status()).isEqualTo(400);
    assertThat(get("/ws/v1/cluster/apps?startedTimeBegin=5&startedTimeEnd=4").status()).isEqualTo(400);
    assertThat(get("/ws/v1/cluster/nothing").status()).isEqualTo(404);
  }

  @Test
  void nodes_haveYarnsShape() throws Exception {
    JsonNode n = get("/ws/v1/cluster/nodes").json().path("nodes").path("node").get(0);
    assertThat(fields(n)).contains("rack", "state", "id", "nodeHostName", "nodeHTTPAddress", "lastHealthUpdate",
        "version", "healthReport", "numContainers", "usedMemoryMB", "availMemoryMB", "usedVirtualCores",
        "availableVirtualCores");
    assertThat(n.path("nodeHTTPAddress").asText()).isEqualTo("127.0.0.1:40112");
    assertThat(get("/ws/v1/cluster/nodes?states=LOST").json().path("nodes").path("node").size()).isZero();
  }

  @Test
  void putState_killsARunningApp_rejectsOtherTargets_andLeavesAFinishedAppAsItIs() throws Exception {
    String finished = finishedApp();
    Answer again = call("PUT", "/ws/v1/cluster/apps/" + finished + "/state", "{\"state\":\"KILLED\"}");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("state").asText()).isEqualTo("FINISHED");

    String running = h.submit(1024);
    amLaunches++;
    Answer wrong = call("PUT", "/ws/v1/cluster/apps/" + running + "/state", "{\"state\":\"RUNNING\"}");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().path("RemoteException").path("message").asText()).contains("KILLED").contains("RUNNING");
    assertThat(call("PUT", "/ws/v1/cluster/apps/" + running + "/state", "not json").status()).isEqualTo(400);
    assertThat(call("GET", "/ws/v1/cluster/apps/" + running + "/state", null).json().path("state").asText())
        .isEqualTo("ACCEPTED");

    Answer kill = call("PUT", "/ws/v1/cluster/apps/" + running + "/state", "{\"state\":\"KILLED\"}");
    assertThat(kill.status()).as(kill.raw().body()).isIn(200, 202);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Answer done = call("PUT", "/ws/v1/cluster/apps/" + running + "/state", "{\"state\":\"KILLED\"}");
      assertThat(done.status()).isEqualTo(200);
      assertThat(done.json().path("state").asText()).isEqualTo("KILLED");
    });
    assertThat(call("PUT", "/ws/v1/cluster/apps/application_1_9999/state", "{\"state\":\"KILLED\"}").status())
        .isEqualTo(404);
  }

  @Test
  void restSubmission_startsTheAmWithTheGivenCommand() throws Exception {
    Answer fresh = call("POST", "/ws/v1/cluster/apps/new-application", null);
    assertThat(fresh.status()).isEqualTo(200);
    String appId = fresh.json().path("application-id").asText();
    assertThat(fresh.json().path("maximum-resource-capability").path("memory").asLong()).isPositive();

    String body = "{\"application-id\":\"" + appId + "\",\"application-name\":\"from-rest\","
        + "\"am-container-spec\":{\"commands\":{\"command\":\"{{JAVA_HOME}}/bin/java -Xmx64m Am\"},"
        + "\"environment\":{\"entry\":[{\"key\":\"K\",\"value\":\"V\"}]},"
        + "\"local-resources\":{\"entry\":[{\"key\":\"app.jar\",\"value\":{\"resource\":\"file:/tmp/app.jar\","
        + "\"type\":\"FILE\",\"visibility\":\"APPLICATION\",\"size\":0}}]}},"
        + "\"resource\":{\"memory\":1024,\"vCores\":1},\"application-type\":\"YARN\",\"user\":\"carol\","
        + "\"application-tags\":{\"tag\":[\"t1\"]}}";
    Answer submitted = call("POST", "/ws/v1/cluster/apps", body);

    assertThat(submitted.status()).as(submitted.raw().body()).isEqualTo(202);
    assertThat(submitted.raw().headers().firstValue("Location").orElseThrow()).endsWith("/apps/" + appId);
    StartContainerRequest launch = h.awaitStart(node, 1);
    assertThat(launch.getContainerLaunchContext().getCommandList()).containsExactly("{{JAVA_HOME}}/bin/java",
        "-Xmx64m", "Am");
    assertThat(launch.getContainerLaunchContext().getEnvironmentMap()).containsEntry("K", "V");
    assertThat(launch.getContainerLaunchContext().getLocalResourcesMap()).containsKey("app.jar");
    JsonNode app = get("/ws/v1/cluster/apps/" + appId).json().path("app");
    assertThat(app.path("name").asText()).isEqualTo("from-rest");
    assertThat(app.path("user").asText()).isEqualTo("carol");

    Answer noCommand = call("POST", "/ws/v1/cluster/apps", "{\"application-id\":\""
        + call("POST", "/ws/v1/cluster/apps/new-application", null).json().path("application-id").asText() + "\"}");
    assertThat(noCommand.status()).isEqualTo(400);
    assertThat(noCommand.json().path("RemoteException").path("message").asText()).contains("no AM command");
  }

  @Test
  void proxy_showsTheFinalStatePage_andMetricsArePrometheusText() throws Exception {
    String appId = finishedApp();
    Answer proxy = get("/proxy/" + appId + "/");
    assertThat(proxy.status()).isEqualTo(200);
    assertThat(proxy.raw().body()).contains("FINISHED").contains("SUCCEEDED").contains("has ended");

    Answer metrics = get("/metrics");
    assertThat(metrics.raw().headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
    assertThat(metrics.raw().body()).contains("# TYPE weft_rm_apps_completed_total counter")
        .contains("weft_rm_apps_completed_total 1").contains("weft_rm_nodes{state=\"RUNNING\"} 1")
        .contains("weft_rm_memory_total_mb 8192");
  }

  @Test
  void proxy_forwardsToTheTrackingUrl_whileTheAppRuns() throws Exception {
    com.sun.net.httpserver.HttpServer driverUi = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    driverUi.createContext("/", exchange -> {
      String query = exchange.getRequestURI().getRawQuery();
      byte[] page = ("driver ui at " + exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query))
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, page.length);
      exchange.getResponseBody().write(page);
      exchange.close();
    });
    driverUi.start();
    try {
      String appId = h.submit(1024);
      Token token = RmHarness.amrmToken(h.awaitStart(node, ++amLaunches));
      h.am(token).registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder()
          .setTrackingUrl("http://127.0.0.1:" + driverUi.getAddress().getPort() + "/").build());

      Answer forwarded = get("/proxy/" + appId + "/jobs/");
      assertThat(forwarded.status()).isEqualTo(200);
      assertThat(forwarded.raw().body()).isEqualTo("driver ui at /jobs");
      // sub-paths and the query go through, so the driver UI's relative links work behind the proxy
      assertThat(get("/proxy/" + appId + "/stage?id=3&attempt=0").raw().body())
          .isEqualTo("driver ui at /stage?id=3&attempt=0");
      Answer bare = get("/proxy/" + appId);
      assertThat(bare.status()).isEqualTo(302);
      assertThat(bare.raw().headers().firstValue("Location")).hasValue("/proxy/" + appId + "/");
    } finally {
      driverUi.stop(0);
    }
  }

  /** Replaces the harness with one configured by {@code conf} and one node whose web server is at {@code nmHttpPort}. */
  private void restart(Map<String, String> conf, int nmHttpPort) {
    h.close();
    h = new RmHarness(grpc, staging, conf);
    node = h.registerNode("127.0.0.1", nmHttpPort - 1, 8192, 8);
    amLaunches = 0;
  }

  @Test
  void logs_throughTheRm_comeFromTheContainersNodeManager_withTheRangePassedOn() throws Exception {
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer nm = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    nm.createContext("/", exchange -> {
      asked.add(exchange.getRequestURI().toString());
      byte[] log = "Pi is roughly 3.14 <b>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.getResponseHeaders().set("X-Log-Range", "10-32/32");
      exchange.sendResponseHeaders(200, log.length);
      exchange.getResponseBody().write(log);
      exchange.close();
    });
    nm.start();
    try {
      restart(Map.of(), nm.getAddress().getPort());
      String appId = finishedApp();
      String container = get("/ws/v1/cluster/apps/" + appId + "/appattempts").json().path("appAttempts")
          .path("appAttempt").get(0).path("containerId").asText();

      Answer log = get("/logs/" + container + "/stdout?start=-22");
      assertThat(log.status()).as(log.raw().body()).isEqualTo(200);
      assertThat(log.raw().body()).contains("Pi is roughly 3.14 &lt;b&gt;").contains("10-32/32");
      assertThat(asked).containsExactly("/ws/v1/node/containerlogs/" + container + "/stdout?start=-22");
      assertThat(get("/logs/" + container).raw().body()).contains("/logs/" + container + "/stderr");
      assertThat(get("/logs/container_1_9999_01_000001/stdout").status()).isEqualTo(404);
      assertThat(get("/logs/not-a-container/stdout").status()).isEqualTo(400);
      assertThat(get("/logs/" + container + "/stdout?start=x").status()).isEqualTo(400);
    } finally {
      nm.stop(0);
    }
  }

  @Test
  void acls_letOnlyTheOwnerAndAdminsViewAndKill_othersGet403() throws Exception {
    restart(Map.of("weft.acl.enable", "true", "weft.admin.acl", "root,ops"), 40112);
    String app = h.submit(1024);
    amLaunches++;

    Answer denied = call("PUT", "/ws/v1/cluster/apps/" + app + "/state?user.name=bob", "{\"state\":\"KILLED\"}");
    assertThat(denied.status()).isEqualTo(403);
    JsonNode remote = denied.json().path("RemoteException");
    assertThat(remote.path("exception").asText()).isEqualTo("ForbiddenException");
    assertThat(remote.path("message").asText()).contains("bob").contains("modify").contains(app);
    assertThat(call("PUT", "/ws/v1/cluster/apps/" + app + "/state", "{\"state\":\"KILLED\"}").status())
        .as("anonymous").isEqualTo(403);
    assertThat(get("/ws/v1/cluster/apps/" + app + "?user.name=bob").status()).isEqualTo(403);
    assertThat(get("/proxy/" + app + "/?user.name=bob").status()).isEqualTo(403);
    assertThat(h.report(app).getState()).isNotEqualTo(YarnApplicationState.KILLED);

    assertThat(get("/ws/v1/cluster/apps/" + app + "?user.name=alice").status()).isEqualTo(200);
    assertThat(get("/ws/v1/cluster/apps/" + app + "/appattempts?user.name=ops").status()).isEqualTo(200);
    assertThat(ids("/ws/v1/cluster/apps?user.name=bob")).containsExactly(app);
    Answer killed = call("PUT", "/ws/v1/cluster/apps/" + app + "/state?user.name=ops", "{\"state\":\"KILLED\"}");
    assertThat(killed.status()).as(killed.raw().body()).isIn(200, 202);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.report(app).getState() == YarnApplicationState.KILLED);
    assertThat(h.report(app).getDiagnostics()).contains("ops");
  }

  @Test
  void forgottenApplications_are404s_andListedNoMore() throws Exception {
    restart(Map.of("weft.resourcemanager.max-completed-applications", "1"), 40112);
    String first = finishedApp();
    String second = finishedApp();
    assertThat(ids("/ws/v1/cluster/apps")).containsExactly(second);
    assertThat(get("/ws/v1/cluster/apps/" + first).status()).isEqualTo(404);
    assertThat(get("/ws/v1/cluster/apps/" + first + "/appattempts").status()).isEqualTo(404);
    assertThat(get("/ws/v1/cluster/metrics").json().path("clusterMetrics").path("appsCompleted").asInt()).isEqualTo(2);
  }

  @Test
  void consolePages_areServed_andEscapeTheirTitles() throws Exception {
    String appId = h.submit(1024);
    for (String page : List.of("/cluster", "/cluster/apps", "/cluster/nodes", "/cluster/scheduler",
        "/cluster/app/" + appId, "/static/console.js", "/static/console.css")) {
      assertThat(get(page).status()).as(page).isEqualTo(200);
    }
    assertThat(get("/cluster/app/%3Cscript%3E").status()).isEqualTo(400);
    assertThat(get("/static/..%2Fsecret.js").status()).isEqualTo(404);
  }
}
