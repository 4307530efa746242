package io.weft.driver.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.driver.Pair;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver UI of a local-mode context: what jobs, stages, tasks and executors it shows, and how. */
class DriverUiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<WeftContext> contexts = new ArrayList<>();

  @AfterEach
  void stop() {
    contexts.forEach(WeftContext::stop);
  }

  private WeftContext start(WeftConf conf) {
    WeftContext context = new WeftContext(conf.setMaster("local[2]").setAppName("ui-test"));
    contexts.add(context);
    return context;
  }

  private WeftContext start() {
    return start(new WeftConf(false).set("weft.ui.port", "0"));
  }

  private HttpResponse<String> get(WeftContext context, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(context.uiWebUrl().orElseThrow() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(WeftContext context, String path) throws Exception {
    HttpResponse<String> answer = get(context, path);
    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  @Test
  void aShuffleJob_showsItsJobStagesTasksShuffleBytesAndTheExecutor() throws Exception {
    WeftContext context = start();
    List<Pair<Integer, Long>> counts = context.parallelize(IntStream.range(0, 1000).boxed().toList(), 4)
        .mapToPair(i -> Pair.of(i % 10, 1L)).reduceByKey(Long::sum).collect();
    assertThat(counts).hasSize(10);

    JsonNode jobs = json(context, "api/v1/jobs");
    assertThat(jobs).hasSize(1);
    JsonNode job = jobs.get(0);
    assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(job.get("name").asText()).startsWith("collect at DriverUiTest.java:");
    assertThat(job.get("stageIds")).hasSize(2);
    assertThat(job.get("numCompletedTasks").asInt()).isEqualTo(job.get("numTasks").asInt()).isGreaterThan(4);

    JsonNode stages = json(context, "api/v1/stages");
    JsonNode map = find(stages, "name", "ShuffleMapStage");
    JsonNode result = find(stages, "name", "ResultStage");
    assertThat(map.get("numTasks").asInt()).isEqualTo(4);
    assertThat(map.get("numCompleteTasks").asInt()).isEqualTo(4);
    assertThat(map.get("shuffleWriteBytes").asLong()).isPositive();
    assertThat(result.get("shuffleReadBytes").asLong()).isEqualTo(map.get("shuffleWriteBytes").asLong());
    assertThat(result.get("status").asText()).isEqualTo("COMPLETE");

    JsonNode tasks = json(context, "api/v1/stages/" + map.get("stageId").asInt() + "/0/tasks");
    assertThat(tasks).hasSize(4);
    tasks.forEach(t -> {
      assertThat(t.get("status").asText()).isEqualTo("SUCCESS");
      assertThat(t.get("executorId").asText()).isEqualTo("driver");
      assertThat(t.get("duration").asLong()).isNotNegative();
    });

    JsonNode executors = json(context, "api/v1/executors");
    assertThat(executors).hasSize(1);
    assertThat(executors.get(0).get("totalCores").asInt()).isEqualTo(2);
    assertThat(executors.get(0).get("completedTasks").asInt()).isEqualTo(job.get("numTasks").asInt());

    String jobsPage = get(context, "").body();
    assertThat(jobsPage).contains("collect at DriverUiTest.java", "SUCCEEDED", "href=\"static/console.css\"")
        .doesNotContain("href=\"/");
    assertThat(get(context, "stage?id=" + map.get("stageId").asInt() + "&attempt=0").body())
        .contains("ShuffleMapStage", "SUCCESS");
    assertThat(get(context, "executors").body()).contains("driver", "127.0.0.1");
    assertThat(get(context, "static/console.css").statusCode()).isEqualTo(200);
  }

  @Test
  void aFailingTask_showsTheFailedJobStageAndTaskWithTheError() throws Exception {
    WeftContext context = start(new WeftConf(false).set("weft.ui.port", "0").set("weft.task.maxFailures", "2"));
    assertThatThrownBy(() -> context.parallelize(List.of(1, 2, 3), 1).map(x -> {
      throw new IllegalStateException("broken <record> " + x);
    }).count()).hasMessageContaining("broken");

    JsonNode job = json(context, "api/v1/jobs").get(0);
    assertThat(job.get("status").asText()).isEqualTo("FAILED");
    assertThat(job.get("errorMessage").asText()).contains("broken <record> 1");
    JsonNode stage = json(context, "api/v1/stages").get(0);
    assertThat(stage.get("status").asText()).isEqualTo("FAILED");
    assertThat(stage.get("numFailedTasks").asInt()).isEqualTo(2);
    JsonNode tasks = json(context, "api/v1/stages/" + stage.get("stageId").asInt() + "/0/tasks");
    assertThat(tasks).hasSize(2).allSatisfy(t -> {
      assertThat(t.get("status").asText()).isEqualTo("FAILED");
      assertThat(t.get("errorMessage").asText()).contains("IllegalStateException: broken <record> 1");
    });
    // the error is text on the page, never markup
    assertThat(get(context, "stage?id=" + stage.get("stageId").asInt()).body())
        .contains("broken &lt;record&gt; 1").doesNotContain("<record>");
  }

  @Test
  void environment_redactsSecretsPasswordsTokensAndKeys() throws Exception {
    WeftContext context = start(new WeftConf(false).set("weft.ui.port", "0").set("weft.fs.s3.secret", "s3cr3t")
        .set("db.password", "hunter2").set("weft.auth.token", "t0k3n").set("weft.ssl.keystore.key", "k3y")
        .set("weft.executor.cores", "1"));
    JsonNode env = json(context, "api/v1/environment").get("weftProperties");
    assertThat(env.get("weft.fs.s3.secret").asText()).isEqualTo(Redaction.REDACTED);
    assertThat(env.get("db.password").asText()).isEqualTo(Redaction.REDACTED);
    assertThat(env.get("weft.auth.token").asText()).isEqualTo(Redaction.REDACTED);
    assertThat(env.get("weft.ssl.keystore.key").asText()).isEqualTo(Redaction.REDACTED);
    assertThat(env.get("weft.executor.cores").asText()).isEqualTo("1");
    assertThat(env.get("weft.master").asText()).isEqualTo("local[2]");
    assertThat(get(context, "environment").body()).doesNotContain("s3cr3t", "hunter2", "t0k3n", "k3y");
    assertThat(Redaction.redact(Map.of("weft.some.setting", "the-app-secret"), List.of("the-app-secret")))
        .containsEntry("weft.some.setting", Redaction.REDACTED);
  }

  @Test
  void applicationNamedLikeAScript_isEscapedOnEveryPage_andJsonIsServedAsJson() throws Exception {
    String name = "<script>alert(1)</script>";
    WeftContext context = new WeftContext(new WeftConf(false).set("weft.ui.port", "0").set("weft.label", name)
        .setMaster("local[2]").setAppName(name));
    contexts.add(context);
    context.parallelize(IntStream.range(0, 10).boxed().toList(), 2).mapToPair(i -> Pair.of(i % 2, 1L))
        .reduceByKey(Long::sum).collect();
    for (String path : List.of("", "jobs", "job?id=0", "stages", "stage?id=0&attempt=0", "stage?id=1&attempt=0",
        "executors", "environment")) {
      HttpResponse<String> page = get(context, path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(page.body()).as(path).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    HttpResponse<String> application = get(context, "api/v1/application");
    assertThat(application.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(application.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(JSON.readTree(application.body()).get("name").asText()).isEqualTo(name);
  }

  @Test
  void badAndUnknownIds_are400And404InYarnsErrorShape() throws Exception {
    WeftContext context = start();
    HttpResponse<String> bad = get(context, "api/v1/stages/x/0");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("RemoteException", "stageId 'x'");
    assertThat(get(context, "api/v1/jobs/42").statusCode()).isEqualTo(404);
    assertThat(get(context, "stage?id=7").statusCode()).isEqualTo(404);
    assertThat(get(context, "job").body()).contains("query parameter id is missing");
  }

  @Test
  void aTakenPort_movesTheUiToTheNextOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      WeftContext context = start(new WeftConf(false).set("weft.ui.port", String.valueOf(taken.getLocalPort())));
      int port = URI.create(context.uiWebUrl().orElseThrow()).getPort();
      assertThat(port).isNotEqualTo(taken.getLocalPort());
      assertThat(json(context, "api/v1/application").get("name").asText()).isEqualTo("ui-test");
    }
  }

  @Test
  void disabledUi_servesNothing() {
    WeftContext context = start(new WeftConf(false).set("weft.ui.enabled", "false"));
    assertThat(context.uiWebUrl()).isEmpty();
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (node.get(field).asText().equals(value)) {
        return node;
      }
    }
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }
}
