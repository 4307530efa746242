package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.security.LogReaders;
import io.weft.common.version.Versions;
import io.weft.nm.testing.FakeResourceManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NodeManager's web app: node info, YARN's NM application and container lifecycles in node/apps and
 * node/containers, container log pages with YARN's byte ranges, errors, metrics.
 */
class NodeWebTest {
  private static final String CONTAINER = "container_1700000000000_0001_01_000002";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private FakeResourceManager rm;
  private NmHarness h;
  private final HttpClient http = HttpClient.newHttpClient();
  private String log;

  @BeforeEach
  void setUp() throws Exception {
    rm = new FakeResourceManager();
    rm.start();
    h = new NmHarness(dir, rm, Map.of());
    h.awaitRegistered();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      text.append(String.format("line %04d <b>&</b>%n", i));
    }
    log = text.toString();
    Path containerLogs = h.nm.logDir().resolve("application_1700000000000_0001").resolve(CONTAINER);
    Files.createDirectories(containerLogs);
    Files.writeString(containerLogs.resolve("stdout"), log);
  }

  @AfterEach
  void tearDown() {
    h.close();
    rm.close();
  }

  /** The same test's NodeManager again, with {@code extra} configuration. */
  private void restartWith(Map<String, String> extra) {
    h.close();
    h = new NmHarness(dir.resolve("again"), rm, extra);
    h.awaitRegistered();
  }

  private JsonNode json(String path) throws Exception {
    return JSON.readTree(get(path).body());
  }

  private JsonNode app(String id) throws Exception {
    for (JsonNode a : json("/ws/v1/node/apps").path("apps").path("app")) {
      if (a.path("id").asText().equals(id)) {
        return a;
      }
    }
    return null;
  }

  private List<String> containerIds() throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    json("/ws/v1/node/containers").path("containers").path("container").forEach(c -> ids.add(c.path("id").asText()));
    return ids;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://" + h.nm.webAddress() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String pre(String page) {
    String body = page.substring(page.indexOf("<pre id=\"log\">") + 14, page.indexOf("</pre>"));
    return body.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  @Test
  void logPage_withoutRange_showsTheLast4KbEscaped_withALinkToTheWholeLog() throws Exception {
    HttpResponse<String> page = get("/node/containerlogs/" + CONTAINER + "/alice/stdout");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(pre(page.body())).isEqualTo(log.substring(log.length() - 4096));
    assertThat(page.body()).contains("&lt;b&gt;&amp;&lt;/b&gt;").doesNotContain("<b>&</b>");
    assertThat(page.body()).contains("Showing bytes " + (log.length() - 4096) + "–" + log.length() + " of "
        + log.length()).contains("?start=0\">Show the whole log");
  }

  @Test
  void logPage_honoursYarnsStartAndEndOffsets_negativeFromTheEnd() throws Exception {
    assertThat(pre(get("/node/containerlogs/" + CONTAINER + "/alice/stdout?start=0").body())).isEqualTo(log);
    assertThat(pre(get("/node/containerlogs/" + CONTAINER + "/alice/stdout?start=5&end=20").body()))
        .isEqualTo(log.substring(5, 20));
    assertThat(pre(get("/node/containerlogs/" + CONTAINER + "/alice/stdout?start=-30").body()))
        .isEqualTo(log.substring(log.length() - 30));
    assertThat(pre(get("/node/containerlogs/" + CONTAINER + "/alice/stdout?start=-30&end=-10").body()))
        .isEqualTo(log.substring(log.length() - 30, log.length() - 10));
    HttpResponse<String> text = get("/ws/v1/node/containerlogs/" + CONTAINER + "/stdout?start=0&end=9");
    assertThat(text.body()).isEqualTo(log.substring(0, 9));
    assertThat(text.headers().firstValue("X-Log-Range").orElseThrow()).isEqualTo("0-9/" + log.length());
  }

  @Test
  void badContainerIdsAndFileNames_are400_unknownOnes404() throws Exception {
    assertThat(get("/node/containerlogs/nope/alice/stdout").statusCode()).isEqualTo(400);
    assertThat(get("/node/containerlogs/container_1700000000000_0009_01_000001/alice/stdout").statusCode())
        .isEqualTo(404);
    assertThat(get("/node/containerlogs/" + CONTAINER + "/alice/gc.log").statusCode()).isEqualTo(404);
    assertThat(get("/node/containerlogs/" + CONTAINER + "/alice/..%2F..%2Fetc").statusCode()).isEqualTo(400);
    assertThat(get("/node/containerlogs/" + CONTAINER + "/alice/stdout?start=x").statusCode()).isEqualTo(400);
    assertThat(get("/node/containerlogs/" + CONTAINER + "/alice").body()).contains("stdout");
  }

  @Test
  void nodeInfoAppsContainersAndMetrics_answer() throws Exception {
    JsonNode info = JSON.readTree(get("/ws/v1/node/info").body()).path("nodeInfo");
    assertThat(info.path("id").asText()).isEqualTo(h.nm.nodeId().toString());
    assertThat(info.path("totalPmemAllocatedContainersMB").asLong()).isEqualTo(8192);
    assertThat(info.path("totalVCoresAllocatedContainers").asInt()).isEqualTo(8);
    // the names YARN's "NodeManager REST API's" page documents for the nodeInfo object
    List<String> documented = List.of("id", "nodeHostName", "totalPmemAllocatedContainersMB",
        "totalVmemAllocatedContainersMB", "totalVCoresAllocatedContainers", "vmemCheckEnabled", "pmemCheckEnabled",
        "lastNodeUpdateTime", "nmStartupTime", "healthReport", "nodeHealthy", "nodeManagerVersion",
        "nodeManagerBuildVersion", "nodeManagerVersionBuiltOn", "hadoopVersion", "hadoopBuildVersion",
        "hadoopVersionBuiltOn");
    List<String> fields = new java.util.ArrayList<>();
    info.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsAll(documented);
    assertThat(JSON.readTree(get("/ws/v1/node").body()).path("nodeInfo").path("id").asText())
        .isEqualTo(h.nm.nodeId().toString());
    assertThat(JSON.readTree(get("/ws/v1/node/apps").body()).path("apps").path("app").isArray()).isTrue();
    assertThat(JSON.readTree(get("/ws/v1/node/containers").body()).path("containers").path("container").isArray())
        .isTrue();
    assertThat(get("/ws/v1/node/apps/application_1700000000000_0042").statusCode()).isEqualTo(404);
    assertThat(get("/node").body()).contains(h.nm.nodeId().toString());
    assertThat(get("/metrics").body()).contains("weft_nm_memory_total_mb 8192").contains("weft_nm_registered 1");
  }

  @Test
  void endedApplication_isFinishedWithoutContainers_andItsContainersLeaveOnceTheRmRecordedThem() throws Exception {
    ContainerId id = h.run(3, "sleep", "1000");
    String app = id.applicationId().toString();
    h.pid(id);
    JsonNode running = json("/ws/v1/node/containers/" + id).path("container");
    assertThat(running.path("state").asText()).isEqualTo("RUNNING");
    assertThat(running.path("exitCode").asInt()).isEqualTo(-1000);
    assertThat(running.path("user").asText()).isEqualTo("alice");
    assertThat(running.path("executionType").asText()).isEqualTo("GUARANTEED");
    assertThat(running.path("containerLogsLink").asText())
        .isEqualTo("http://" + h.nm.webAddress() + "/node/containerlogs/" + id + "/alice");
    assertThat(app(app).path("state").asText()).isEqualTo("RUNNING");
    assertThat(app(app).path("containerids").toString()).isEqualTo("[\"" + id + "\"]");

    rm.cleanupApplication(app);

    await("the ended application listed as FINISHED without containers").atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> {
          assertThat(app(app)).isNotNull();
          assertThat(app(app).path("state").asText()).isEqualTo("FINISHED");
          assertThat(app(app).has("containerids")).isFalse();
        });
    JsonNode done = json("/ws/v1/node/containers/" + id).path("container");
    assertThat(done.path("state").asText()).as("reported, not yet recorded by the RM").isEqualTo("DONE");
    assertThat(done.path("exitCode").asInt()).isEqualTo(ExitStatus.KILLED_AFTER_APP_COMPLETION);
    assertThat(done.path("diagnostics").asText()).contains("killed on application " + app + " completion");

    rm.removeFromNm(id.toString());

    await("the container leaves node/containers once the RM recorded it").atMost(Duration.ofSeconds(20))
        .until(this::containerIds, ids -> !ids.contains(id.toString()));
    HttpResponse<String> gone = get("/ws/v1/node/containers/" + id);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(gone.body()).path("RemoteException").path("message").asText())
        .isEqualTo("java.lang.Exception: container with id, " + id + ", not found");
  }

  @Test
  void withoutRetention_anEndedApplicationLeavesTheListOnceCleanedUp() throws Exception {
    restartWith(Map.of(NmKeys.FINISHED_APPLICATION_RETAIN.key(), "0"));
    ContainerId id = h.run(4, "true");
    String app = id.applicationId().toString();
    h.awaitComplete(id);
    rm.removeFromNm(id.toString());
    await("recorded").atMost(Duration.ofSeconds(20)).until(this::containerIds, List::isEmpty);
    assertThat(app(app).path("state").asText()).as("the RM has not said it is over").isEqualTo("RUNNING");

    rm.cleanupApplication(app);

    await("the ended application leaves node/apps").atMost(Duration.ofSeconds(20)).until(() -> app(app) == null);
    HttpResponse<String> gone = get("/ws/v1/node/apps/" + app);
    assertThat(gone.statusCode()).isEqualTo(404);
    JsonNode error = JSON.readTree(gone.body()).path("RemoteException");
    assertThat(error.path("exception").asText()).isEqualTo("NotFoundException");
    assertThat(error.path("message").asText()).isEqualTo("java.lang.Exception: app with id " + app + " not found");
    assertThat(error.path("javaClassName").asText()).isEqualTo("org.apache.hadoop.yarn.webapp.NotFoundException");
  }

  @Test
  void containerLogFiles_areTheFilesInItsLogDirNow() throws Exception {
    ContainerId id = h.run(5, "bash", "-c", "echo out; echo err >&2; sleep 1000");
    h.pid(id);
    await("stdout written").atMost(Duration.ofSeconds(20)).until(() -> Files.exists(h.logFile(id, "stdout")));
    Files.writeString(h.logFile(id, "gc.log"), "a log the container wrote");
    Files.createDirectories(h.logFile(id, "a-dir"));

    JsonNode files = json("/ws/v1/node/containers/" + id).path("container").path("containerLogFiles");

    List<String> names = new java.util.ArrayList<>();
    files.forEach(f -> names.add(f.asText()));
    try (var inDir = Files.list(h.logFile(id, "stdout").getParent())) {
      assertThat(names).containsExactlyElementsOf(inDir.filter(Files::isRegularFile)
          .map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertThat(names).contains("stdout", "stderr", "gc.log").doesNotContain("a-dir");
  }

  @Test
  void containerLogFiles_withAclsOn_areNamedOnlyToTheOwnerAndTheAdministrators() throws Exception {
    restartWith(Map.of(LogReaders.ACL_ENABLE_KEY, "true", LogReaders.ADMIN_ACL_KEY, "root-of-all"));
    ContainerId id = h.run(5, "bash", "-c", "echo out; sleep 1000");
    await("stdout written").atMost(Duration.ofSeconds(20)).until(() -> Files.exists(h.logFile(id, "stdout")));
    String one = "/ws/v1/node/containers/" + id + "?user.name=";

    assertThat(json(one + "alice").path("container").path("user").asText()).isEqualTo("alice");
    assertThat(json(one + "alice").path("container").path("containerLogFiles").toString()).contains("stdout");
    assertThat(json(one + "root-of-all").path("container").path("containerLogFiles").toString()).contains("stdout");
    JsonNode asBob = json(one + "bob").path("container");
    assertThat(asBob.path("id").asText()).isEqualTo(id.toString());
    assertThat(asBob.path("containerLogFiles").isEmpty()).as("%s", asBob).isTrue();
    JsonNode listedToBob = json("/ws/v1/node/containers?user.name=bob").path("containers").path("container").get(0);
    assertThat(listedToBob.path("containerLogFiles").isEmpty()).as("%s", listedToBob).isTrue();
    assertThat(get("/ws/v1/node/containerlogs/" + id + "/stdout?user.name=bob").statusCode()).isEqualTo(403);
  }

  @Test
  void pmemCheckEnabled_isTheNodesSetting_andVersionsNameWeftAndTheHadoopApi() throws Exception {
    JsonNode info = json("/ws/v1/node/info").path("nodeInfo");
    assertThat(info.path("pmemCheckEnabled").asBoolean()).isTrue();
    assertThat(info.path("vmemCheckEnabled").asBoolean()).isFalse();
    assertThat(info.path("totalVmemAllocatedContainersMB").asLong()).isEqualTo((long) (8192 * 2.1f));
    assertThat(info.path("resourceTypes").asText()).isEqualTo("memory-mb (unit=Mi), vcores");
    assertThat(info.path("hadoopVersion").asText()).isEqualTo(Versions.HADOOP_API).isEqualTo("3.4.2");
    assertThat(info.path("nodeManagerVersion").asText()).isEqualTo(Versions.WEFT);

    restartWith(Map.of(NmKeys.PMEM_CHECK_ENABLED.key(), "false"));

    assertThat(json("/ws/v1/node/info").path("nodeInfo").path("pmemCheckEnabled").asBoolean()).isFalse();
  }
}
