package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.common.config.WeftConfig;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weft's REST answers against what a real Hadoop YARN 3.4.2 sent to the same requests in the same
 * situation (captured by ../shared/peers/hadoop-yarn/rest, copied to {@code yarn-rest/}): two NMs of
 * 16 GB / 16 vcores, one distributed shell finished ({@code echo hello}), one running ({@code sleep 90}),
 * then killed with {@code PUT apps/{id}/state}. Every key path YARN sent must be in Weft's answer, with a
 * value of the same JSON type, unless {@code yarn-rest/allowed-differences.txt} lists it with the reason;
 * an entry that no longer differs fails too, so that the list only shrinks. Arrays are compared by the keys
 * of all their elements together, as the capture's diff.py does.
 */
class YarnRestFidelityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");
  private static final String ALLOWED = "/yarn-rest/allowed-differences.txt";

  @Test
  void everyKeyPathYarnSends_isInWeftsAnswer_withTheSameType_orIsAnAllowedDifference(@TempDir Path dir)
      throws Exception {
    Map<String, Request> requests = capturedRequests();
    Map<String, JsonNode> weft = new LinkedHashMap<>();
    Map<String, String> status = new LinkedHashMap<>();
    try (MiniWeftCluster cluster = new MiniWeftCluster(dir.resolve("cluster"), 2, WeftConfig.of(Map.of(
        "weft.nodemanager.resource.memory-mb", "16384", "weft.nodemanager.resource.cpu-vcores", "16")))) {
      CliRun finished = cluster.cli("distributed-shell", "--name", "rest-finished", "--num-containers", "1",
          "--container-memory", "1g", "--shell-command", "echo hello");
      assertThat(finished.exit()).as("%s", finished).isZero();
      CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> cluster.cli("distributed-shell",
          "--name", "rest-running", "--num-containers", "1", "--container-memory", "1g", "--shell-command",
          "sleep 90"));
      String rm = "http://" + cluster.cluster().rmWebAddress();
      Substitutions ids = await("the running application with its worker container started on its node")
          .atMost(Duration.ofSeconds(60))
          .until(() -> Substitutions.of(rm, finished.submittedApplication().toString()), s -> s != null);
      for (Request request : requests.values()) {
        HttpResponse<String> answer = send(request.method(), ids.apply(request.url()));
        status.put(request.name(), answer.statusCode() + " (YARN " + request.status() + ")");
        if (!answer.headers().firstValue("Content-Type").orElse("")
            .startsWith("application/json")) {
          continue;
        }
        weft.put(request.name(), JSON.readTree(answer.body()));
      }
      running.get(2, TimeUnit.MINUTES);
    }

    List<String> differences = new ArrayList<>();
    for (Request request : requests.values()) {
      if (!status.get(request.name()).startsWith(request.status() + " ")) {
        differences.add(request.name() + " status " + status.get(request.name()));
      }
      JsonNode yarnBody = captured(request.name());
      if (yarnBody != null) {
        differences.addAll(compare(request.name(), yarnBody, weft.get(request.name())));
      }
    }
    Set<String> allowed = allowedDifferences();
    List<String> unexplained = differences.stream().filter(d -> !allowed.contains(d)).toList();
    Set<String> stale = new TreeSet<>(allowed);
    differences.forEach(stale::remove);
    assertThat(unexplained).as("differences from YARN 3.4.2 that %s does not list (fix them, or list them there "
        + "with the reason)", ALLOWED).isEmpty();
    assertThat(stale).as("entries of %s that no longer differ: remove them", ALLOWED).isEmpty();
  }

  /** The differences of {@code weft} from {@code yarn}: {@code <endpoint> missing <path>} and {@code <endpoint> type <path> ...}. */
  static List<String> compare(String endpoint, JsonNode yarn, JsonNode weft) {
    List<String> out = new ArrayList<>();
    if (weft == null) {
      out.add(endpoint + " missing (not JSON)");
      return out;
    }
    Map<String, Set<String>> yarnPaths = paths(yarn);
    Map<String, Set<String>> weftPaths = paths(weft);
    yarnPaths.forEach((path, types) -> {
      Set<String> weftTypes = weftPaths.get(path);
      if (weftTypes == null) {
        // a missing subtree is one difference, at its top
        if (parent(path).isEmpty() || weftPaths.containsKey(parent(path))) {
          out.add(endpoint + " missing " + path);
        }
      } else if (types.stream().noneMatch(weftTypes::contains) && !types.contains("null")) {
        out.add(endpoint + " type " + path + " " + types + " vs " + weftTypes);
      }
    });
    return out;
  }

  /** Every key path of {@code doc} with the JSON types found at it; array elements are transparent. */
  static Map<String, Set<String>> paths(JsonNode doc) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    walk(doc, "", out);
    return out;
  }

  private static void walk(JsonNode node, String path, Map<String, Set<String>> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        out.computeIfAbsent(child, p -> new LinkedHashSet<>()).add(type(field.getValue()));
        walk(field.getValue(), child, out);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        if (element.isObject()) {
          walk(element, path, out);
        } else {
          out.computeIfAbsent(path + ".*", p -> new LinkedHashSet<>()).add(type(element));
        }
      }
    }
  }

  private static String type(JsonNode v) {
    return v.isNull() ? "null" : v.isBoolean() ? "boolean" : v.isNumber() ? "number" : v.isTextual() ? "string"
        : v.isArray() ? "array" : "object";
  }

  private static String parent(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  // ---- the capture

  record Request(String name, String method, String url, int status) {}

  private static Map<String, Request> capturedRequests() throws IOException {
    Map<String, Request> requests = new LinkedHashMap<>();
    for (String line : resource("/yarn-rest/_index.tsv").split("\n")) {
      String[] f = line.split("\t");
      if (f.length >= 4 && !f[0].equals("name")) {
        requests.put(f[0], new Request(f[0], f[1], f[2], Integer.parseInt(f[3])));
      }
    }
    return requests;
  }

  private static JsonNode captured(String name) throws IOException {
    try (InputStream in = YarnRestFidelityTest.class.getResourceAsStream("/yarn-rest/" + name + ".json")) {
      return in == null ? null : JSON.readTree(in);
    }
  }

  private static Set<String> allowedDifferences() throws IOException {
    Set<String> allowed = new LinkedHashSet<>();
    for (String line : resource(ALLOWED).split("\n")) {
      String entry = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
      if (!entry.isBlank()) {
        allowed.add(entry.strip().replaceAll("\\s+", " "));
      }
    }
    return allowed;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = YarnRestFidelityTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static HttpResponse<String> send(String method, String url) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
      if (method.equals("PUT")) {
        request.header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"KILLED\"}"));
      } else if (method.equals("POST")) {
        request.POST(HttpRequest.BodyPublishers.noBody());
      }
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The capture's URLs made Weft's: YARN's RM and NM addresses, application, attempt, container and node ids
   * replaced by those of the same roles here (the NM running the worker is {@code nm}, the other {@code nm1}).
   */
  record Substitutions(Map<String, String> replacements) {
    private static final String YARN_RM = "http://127.0.0.1:19088";
    private static final String YARN_FINISHED = "1796160952315_0001";
    private static final String YARN_RUNNING = "1796160952315_0002";

    /** Null until the running application has its worker container. */
    static Substitutions of(String rm, String finishedApp) throws IOException {
      JsonNode apps = JSON.readTree(Http.get(rm + "/ws/v1/cluster/apps?states=RUNNING"));
      String running = null;
      for (JsonNode app : apps.path("apps").path("app")) {
        if (app.path("name").asText().equals("rest-running")) {
          running = app.path("id").asText();
        }
      }
      if (running == null) {
        return null;
      }
      String attempt = running.replace("application_", "appattempt_") + "_000001";
      JsonNode containers = JSON.readTree(Http.get(rm + "/ws/v1/cluster/apps/" + running + "/appattempts/" + attempt
          + "/containers"));
      String worker = null;
      String workerNode = null;
      for (JsonNode container : containers.findParents("containerId")) {
        if (container.path("containerId").asText().endsWith("_000002")) {
          worker = container.path("containerId").asText();
          workerNode = container.path("nodeId").asText(container.path("assignedNodeId").asText());
        }
      }
      if (worker == null) {
        return null;
      }
      JsonNode nodes = JSON.readTree(Http.get(rm + "/ws/v1/cluster/nodes"));
      String nm = null;
      String nm1 = null;
      String nmId = null;
      for (JsonNode node : nodes.path("nodes").path("node")) {
        if (node.path("id").asText().equals(workerNode)) {
          nm = "http://" + node.path("nodeHTTPAddress").asText();
          nmId = node.path("id").asText();
        } else {
          nm1 = "http://" + node.path("nodeHTTPAddress").asText();
        }
      }
      if (nm == null || send("GET", nm + "/ws/v1/node/containers/" + worker).statusCode() != 200) {
        return null; // the RM lists a container once allocated; its node knows it once the AM has started it
      }
      Matcher finished = APP_ID.matcher(finishedApp);
      assertThat(finished.find()).isTrue();
      Map<String, String> r = new LinkedHashMap<>();
      r.put(YARN_RM, rm);
      r.put("http://localhost:35239", nm);
      r.put("http://localhost:33817", nm1);
      r.put("localhost:38831", nmId);
      r.put("container_" + YARN_RUNNING + "_01_000002", worker);
      r.put(YARN_RUNNING, running.substring("application_".length()));
      r.put(YARN_FINISHED, finished.group().substring("application_".length()));
      return new Substitutions(r);
    }

    String apply(String url) {
      String out = url;
      for (Map.Entry<String, String> r : replacements.entrySet()) {
        out = out.replace(r.getKey(), r.getValue());
      }
      return out;
    }
  }
}
