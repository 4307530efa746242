package io.weft.driver.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.driver.Pair;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver UI's stage DAG, event timeline and task-metric quantiles, from real jobs run by a
 * local-mode context (its executor measures the metrics as a cluster executor does).
 */
class DriverUiGraphicsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private WeftContext context;

  @BeforeEach
  void start() {
    context = new WeftContext(new WeftConf(false).set("weft.ui.port", "0").setMaster("local[2]")
        .setAppName("graphics-test"));
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private String get(String path) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(context.uiWebUrl().orElseThrow() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
    return answer.body();
  }

  /**
   * reduceByKey, then a join that shuffles both sides: a job of four stages, the join's result stage
   * reading two shuffles and the left side's map stage reading reduceByKey's.
   */
  private void runJoin() {
    var left = context.parallelize(IntStream.range(0, 2000).boxed().toList(), 4)
        .mapToPair(i -> Pair.of(i % 20, 1L)).reduceByKey(Long::sum);
    var right = context.parallelize(IntStream.range(0, 20).boxed().toList(), 2)
        .mapToPair(i -> Pair.of(i, "k" + i));
    assertThat(left.join(right).collect()).hasSize(20);
  }

  @Test
  void stagePage_showsQuantilesOfRealShuffleAndRecordMetrics() throws Exception {
    List<Pair<Integer, Long>> counts = context.parallelize(IntStream.range(0, 1000).boxed().toList(), 4)
        .mapToPair(i -> Pair.of(i % 10, 1L)).reduceByKey(Long::sum).collect();
    assertThat(counts).hasSize(10);
    JsonNode stages = JSON.readTree(get("api/v1/stages"));
    JsonNode map = stages.get(1);
    JsonNode result = stages.get(0);
    assertThat(map.get("name").asText()).isEqualTo("ShuffleMapStage");
    assertThat(result.get("parentIds")).extracting(JsonNode::asInt).containsExactly(map.get("stageId").asInt());

    JsonNode mapSummary = JSON.readTree(get("api/v1/stages/" + map.get("stageId").asInt() + "/0/taskSummary"));
    assertThat(mapSummary.get("tasks").asInt()).isEqualTo(4);
    // each map task read its 250 numbers and wrote them combined into 10 pairs, one per key
    assertThat(metric(mapSummary, "recordsRead").get("min").asLong()).isEqualTo(250);
    assertThat(metric(mapSummary, "recordsRead").get("max").asLong()).isEqualTo(250);
    assertThat(metric(mapSummary, "recordsWritten").get("median").asLong()).isEqualTo(10);
    assertThat(metric(mapSummary, "shuffleWriteBytes").get("min").asLong()).isPositive();

    JsonNode resultSummary = JSON.readTree(get("api/v1/stages/" + result.get("stageId").asInt()
        + "/0/taskSummary"));
    assertThat(metric(resultSummary, "shuffleReadBytes").get("max").asLong()).isPositive();
    JsonNode tasks = JSON.readTree(get("api/v1/stages/" + result.get("stageId").asInt() + "/0/tasks"));
    long readBytes = 0;
    long readRecords = 0;
    for (JsonNode t : tasks) {
      readBytes += t.get("metrics").get("shuffleReadBytes").asLong();
      readRecords += t.get("metrics").get("recordsRead").asLong();
    }
    assertThat(readBytes).isEqualTo(map.get("shuffleWriteBytes").asLong());
    assertThat(readRecords).isEqualTo(40);

    String page = get("stage?id=" + map.get("stageId").asInt() + "&attempt=0");
    assertThat(page).contains("Summary metrics of 4 succeeded task(s)", "25th percentile", "Median",
        "75th percentile", "GC time", "Shuffle write", "Records read", "Records written");
    assertThat(row(page, "recordsRead")).contains(">250<");
  }

  @Test
  void jobPage_drawsTheStageDagWithAnArrowPerShuffle() throws Exception {
    runJoin();
    JsonNode job = JSON.readTree(get("api/v1/jobs")).get(0);
    int stages = job.get("stageIds").size();
    assertThat(stages).isEqualTo(4);

    String page = get("job?id=" + job.get("jobId").asInt());
    assertThat(page).contains("<svg class=\"stage-dag\"");
    assertThat(count(page, "<g class=\"stage-node\"")).isEqualTo(stages);
    assertThat(count(page, "<line class=\"stage-edge\"")).isEqualTo(3);
    assertThat(page).contains("ResultStage", "ShuffleMapStage").doesNotContain("<script");
  }

  @Test
  void aSecondJobReusingAShuffle_drawsTheSkippedParentDashed() throws Exception {
    var counts = context.parallelize(IntStream.range(0, 100).boxed().toList(), 2)
        .mapToPair(i -> Pair.of(i % 5, 1L)).reduceByKey(Long::sum);
    counts.collect();
    counts.count(); // the map outputs exist: this job only runs its result stage
    String page = get("job?id=1");
    assertThat(count(page, "<g class=\"stage-node\"")).isEqualTo(1);
    assertThat(count(page, "<g class=\"stage-node skipped\"")).isEqualTo(1);
    assertThat(page).contains("stroke-dasharray");
  }

  @Test
  void jobsPage_hasTheEventTimelineOfJobsExecutorsAndTasks() throws Exception {
    runJoin();
    String page = get("jobs");
    assertThat(page).contains("<h2>Event timeline</h2>", "<svg class=\"event-timeline\"");
    assertThat(count(page, "<rect class=\"timeline-job\"")).isEqualTo(1);
    assertThat(count(page, "<rect class=\"timeline-executor\"")).isEqualTo(1); // local mode: the driver
    int tasks = JSON.readTree(get("api/v1/executors")).get(0).get("completedTasks").asInt();
    assertThat(count(page, "<rect class=\"timeline-task\"")).isEqualTo(tasks).isGreaterThan(0);
    assertThat(page).contains("Executor driver");
  }

  private static JsonNode metric(JsonNode summary, String name) {
    for (JsonNode m : summary.get("metrics")) {
      if (m.get("metric").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no metric " + name + " in " + summary);
  }

  private static String row(String page, String metric) {
    Matcher m = Pattern.compile("<tr data-metric=\"" + metric + "\">.*?</tr>").matcher(page);
    assertThat(m.find()).as("row of " + metric).isTrue();
    return m.group();
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
