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
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key path of what Hadoop YARN 3.4.2 answered (src/test/resources/yarn-3.4.2-rest) is in Weft's answer
 * to the same request, with the same JSON type; it fails when a field disappears or changes type.
 */
class YarnKeyPathsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Accepted differences, each with why. Empty today: every YARN key path of these endpoints is answered.
   * Add a path here only with the reason Weft cannot send it.
   */
  private static final Set<String> ALLOWED_MISSING = Set.of();

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  RmHarness.Node node;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    h = new RmHarness(grpc, staging, Map.of());
    node = h.registerNode("127.0.0.1", 40111, 16384, 16);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private JsonNode send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + h.rm.webAddress() + path))
        .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody()).build();
    return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  /** Starts the app's AM container, registers the AM; returns its AMRM token. */
  private Token runAm(int launch) {
    StartContainerRequest start = h.awaitStart(node, launch);
    h.heartbeat(node, RmHarness.running(FakeNodeManager.containerId(start)));
    Token token = RmHarness.amrmToken(start);
    h.am(token).registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder().setHost("127.0.0.1").build());
    return token;
  }

  @Test
  void everyKeyPathYarnSends_isInWeftsAnswer_withTheSameType() throws Exception {
    String finished = h.submit(1024);
    StartContainerRequest firstAm = h.awaitStart(node, 1);
    Token token = runAm(1);
    h.am(token).finishApplicationMaster(FinishApplicationMasterRequest.newBuilder()
        .setFinalApplicationStatus(FinalApplicationStatus.FINAL_SUCCEEDED).build());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      h.heartbeat(node, RmHarness.exited(FakeNodeManager.containerId(firstAm), 0));
      assertThat(h.report(finished).getState()).isEqualTo(YarnApplicationState.FINISHED);
    });
    String running = h.submit(1024);
    runAm(2);
    h.awaitState(running, YarnApplicationState.RUNNING);
    String attempt = send("GET", "/ws/v1/cluster/apps/" + running + "/appattempts").path("appAttempts")
        .path("appAttempt").get(0).path("appAttemptId").asText();

    Map<String, JsonNode> weft = new TreeMap<>();
    weft.put("cluster-info", send("GET", "/ws/v1/cluster/info"));
    weft.put("cluster-metrics", send("GET", "/ws/v1/cluster/metrics"));
    weft.put("app-running", send("GET", "/ws/v1/cluster/apps/" + running));
    weft.put("app-finished", send("GET", "/ws/v1/cluster/apps/" + finished));
    weft.put("appattempts-running", send("GET", "/ws/v1/cluster/apps/" + running + "/appattempts"));
    weft.put("attempt-running", send("GET", "/ws/v1/cluster/apps/" + running + "/appattempts/" + attempt));
    weft.put("attempt-containers-running",
        send("GET", "/ws/v1/cluster/apps/" + running + "/appattempts/" + attempt + "/containers"));
    weft.put("node", send("GET", "/ws/v1/cluster/nodes/" + node.id()));
    weft.put("new-application", send("POST", "/ws/v1/cluster/apps/new-application"));
    weft.put("err-400-states", send("GET", "/ws/v1/cluster/apps?states=BOGUS"));
    weft.put("err-404-app", send("GET", "/ws/v1/cluster/apps/application_1_0001"));

    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : weft.entrySet()) {
      Map<String, String> yarnPaths = paths(yarn(e.getKey()));
      Map<String, String> weftPaths = paths(e.getValue());
      yarnPaths.forEach((path, type) -> {
        String key = e.getKey() + ": " + path;
        if (ALLOWED_MISSING.contains(key)) {
          return;
        }
        if (!weftPaths.containsKey(path)) {
          differences.add(key + " missing (YARN: " + type + ")");
        } else if (!weftPaths.get(path).equals(type)) {
          differences.add(key + " is " + weftPaths.get(path) + ", YARN: " + type);
        }
      });
    }
    assertThat(differences).as("YARN 3.4.2 key paths Weft does not answer alike").isEmpty();
  }

  private static JsonNode yarn(String name) throws Exception {
    try (InputStream in = YarnKeyPathsTest.class.getResourceAsStream("/yarn-3.4.2-rest/" + name + ".json")) {
      assertThat(in).as("captured " + name).isNotNull();
      return JSON.readTree(in);
    }
  }

  /** Key path (arrays as {@code []}, their elements merged) to JSON type. */
  static Map<String, String> paths(JsonNode root) {
    Map<String, String> out = new TreeMap<>();
    walk(root, "", out);
    return out;
  }

  private static void walk(JsonNode n, String path, Map<String, String> out) {
    if (!path.isEmpty()) {
      out.put(path, n.isNumber() ? "number" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        walk(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out);
      }
    } else if (n.isArray()) {
      n.forEach(element -> walk(element, path + "[]", out));
    }
  }
}
