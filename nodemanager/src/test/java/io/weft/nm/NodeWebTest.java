package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The NodeManager's web app: node info, container log pages with YARN's byte ranges, errors, metrics. */
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
}
