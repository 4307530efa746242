package io.weft.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.FileLogStore;
import io.weft.common.logstore.LogStores;
import io.weft.driver.Pair;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import io.weft.driver.eventlog.ApplicationStarted;
import io.weft.driver.eventlog.EventLogWriter;
import io.weft.driver.status.DriverEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real driver (local mode, event log on) writes its log to a directory the real history server serves. */
class FinishedApplicationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  void aFinishedApplication_isServedWithTheJsonTheLiveUiGave() throws Exception {
    Map<String, JsonNode> live;
    String appId;
    try (WeftContext context = new WeftContext(new WeftConf(false).setMaster("local[2]").setAppName("word pairs")
        .set("weft.ui.port", "0").set("weft.eventLog.enabled", "true")
        .set(LogStores.STORE.key(), dir.toUri().toString()).set("weft.secret.token", "hunter2"))) {
      long pairs = context.parallelize(IntStream.range(0, 200).boxed().toList(), 4)
          .mapToPair(i -> new Pair<>(i % 7, 1)).reduceByKey(Integer::sum, 3).count();
      assertThat(pairs).isEqualTo(7);
      String ui = context.uiWebUrl().orElseThrow();
      live = Map.of("jobs", get(ui + "api/v1/jobs"), "stages", get(ui + "api/v1/stages"),
          "executors", get(ui + "api/v1/executors"), "stage", get(ui + "api/v1/stages/0/0/tasks"));
      appId = "application_" + context.applicationId().substring("local-".length()) + "_0001";
    }

    try (HistoryServer history = historyServer(WeftConfig.empty())) {
      String api = "http://" + history.webAddress() + "/api/v1/applications/" + appId + "/";
      assertThat(get(api + "jobs")).isEqualTo(live.get("jobs"));
      assertThat(get(api + "stages")).isEqualTo(live.get("stages"));
      // the same executors, which the history also saw removed when the context stopped (after the capture)
      JsonNode executors = get(api + "executors");
      assertThat(executors.get(0).get("removeReason").asText()).isEqualTo("the context was stopped");
      assertThat(withoutRemoval(executors)).isEqualTo(withoutRemoval(live.get("executors")));
      assertThat(get(api + "stages/0/0/tasks")).isEqualTo(live.get("stage"));
      assertThat(live.get("jobs").get(0).get("numCompletedTasks").asInt()).isEqualTo(7);

      JsonNode listed = get("http://" + history.webAddress() + "/api/v1/applications");
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).get("id").asText()).isEqualTo(appId);
      assertThat(listed.get(0).get("name").asText()).isEqualTo("word pairs");
      assertThat(listed.get(0).get("attempts").get(0).get("completed").asBoolean()).isTrue();

      JsonNode environment = get(api + "environment");
      assertThat(environment.get("weftProperties").get("weft.secret.token").asText()).contains("redacted");

      String page = getText(history.applicationUrl(ApplicationId.parse(appId)) + "jobs");
      assertThat(page).contains("count at", "History of " + appId, "SUCCEEDED").doesNotContain("http-equiv");
      assertThat(getText(history.applicationUrl(ApplicationId.parse(appId)) + "stage?id=1&attempt=0"))
          .contains("Stage 1");
      assertThat(getText("http://" + history.webAddress() + "/")).contains(appId, "word pairs", "Completed (1)");
    }
  }

  @Test
  void aLogLeftInProgress_isListedAsIncomplete_andRereadWhenItGrows() throws Exception {
    ApplicationId app = new ApplicationId(1_764_000_000_000L, 3);
    FileLogStore store = new FileLogStore(dir);
    EventLogWriter writer = new EventLogWriter(() -> store, "test", Clock.systemUTC());
    writer.start(app, new ApplicationStarted(app.toString(), "sleepy", "bob", Instant.now(), Map.of()));
    writer.onEvent(new DriverEvent.JobStarted(0, "count at Sleepy.java:9", Instant.now()));
    try (HistoryServer history = historyServer(WeftConfig.empty())) {
      String api = "http://" + history.webAddress() + "/api/v1/applications";
      org.awaitility.Awaitility.await("the first job in the log in progress").atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(get(api + "/" + app + "/jobs")).hasSize(1));
      JsonNode listed = get(api + "?status=running");
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).get("attempts").get(0).get("completed").asBoolean()).isFalse();
      assertThat(getText("http://" + history.webAddress() + "/")).contains("Incomplete (1)", "sleepy");

      writer.onEvent(new DriverEvent.JobStarted(1, "count at Sleepy.java:10", Instant.now()));
      org.awaitility.Awaitility.await("the second job, read again from the grown log")
          .atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(api + "/" + app + "/jobs")).hasSize(2));
      writer.close();
      org.awaitility.Awaitility.await("the published log").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(get(api + "?status=completed")).hasSize(1));
    }
  }

  @Test
  void anApplicationWithoutEventLog_isNotFound_naming_it() throws Exception {
    try (HistoryServer history = historyServer(WeftConfig.empty())) {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://" + history.webAddress()
          + "/history/application_1764000000000_0042/jobs")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(404);
      assertThat(answer.body()).contains("application_1764000000000_0042 has no event log");
    }
  }

  @Test
  void retention_deletesOnlyEventLogs_pastTheAgeOrCount() throws Exception {
    FileLogStore store = new FileLogStore(dir);
    for (int i = 1; i <= 3; i++) {
      ApplicationId app = new ApplicationId(1_764_000_000_000L, i);
      EventLogWriter writer = new EventLogWriter(() -> store, "test", Clock.systemUTC());
      writer.start(app, new ApplicationStarted(app.toString(), "app " + i, "bob", Instant.ofEpochSecond(i),
          Map.of()));
      writer.close();
      Files.setLastModifiedTime(dir.resolve(app.toString()).resolve(EventLogWriter.FILE),
          java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(i))));
    }
    Files.writeString(dir.resolve(new ApplicationId(1_764_000_000_000L, 3).toString()).resolve("container.log"),
        "a container log with its own retention");
    try (HistoryServer history = historyServer(WeftConfig.empty()
        .with(HistoryKeys.RETAIN_SECONDS, Duration.ofDays(2).plusHours(12).toSeconds())
        .with(HistoryKeys.RETAIN_MAX_APPLICATIONS, 1))) {
      history.cleanEventLogs();
      assertThat(store.applications()).extracting(a -> a.app().sequence()).containsExactly(1, 3);
      assertThat(store.list(new ApplicationId(1_764_000_000_000L, 3))).extracting(f -> f.name())
          .containsExactly("container.log");
      assertThat(store.list(new ApplicationId(1_764_000_000_000L, 1))).extracting(f -> f.name())
          .containsExactly(EventLogWriter.FILE);
    }
  }

  private HistoryServer historyServer(WeftConfig extra) {
    WeftConfig config = extra.with(CommonKeys.HISTORY_ADDRESS, "127.0.0.1:0")
        .with(CommonKeys.HISTORY_WEBAPP_ADDRESS, "127.0.0.1:0").with(HistoryKeys.DIR, dir.toString());
    HistoryServer server = new HistoryServer(config);
    server.start();
    return server;
  }

  private static JsonNode withoutRemoval(JsonNode executors) {
    JsonNode copy = executors.deepCopy();
    copy.forEach(e -> ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove(List.of("isActive", "removeTime",
        "removeReason")));
    return copy;
  }

  private JsonNode get(String url) throws Exception {
    return JSON.readTree(getText(url));
  }

  private String getText(String url) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(url + ": " + answer.body()).isEqualTo(200);
    return answer.body();
  }
}
