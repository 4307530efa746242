package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.dist.ContainerLogs;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic allocation on a cluster of 2 NMs, as the RM sees it: 40 waiting tasks make the
 * application's executors grow to weft.dynamicAllocation.maxExecutors (4), an idle gap in the user's
 * program gives them all back (the RM shows the AM's container alone), and the next stage gets
 * executors again and the job ends with the right answers; the driver's REST names why each
 * executor went. Both deploy modes, through {@code weft submit} of the examples' IdleGapJob.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamicAllocationTest {
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Sums of 0..999 by last digit d: 49500 + 100 d. */
  private static final String EXPECTED_SUMS = "{0=49500, 1=49600, 2=49700, 3=49800, 4=49900, 5=50000, 6=50100, "
      + "7=50200, 8=50300, 9=50400}";
  private static final Map<String, String> DYNAMIC = Map.of("weft.dynamicAllocation.enabled", "true",
      "weft.dynamicAllocation.minExecutors", "0", "weft.dynamicAllocation.maxExecutors", "4",
      "weft.dynamicAllocation.executorIdleTimeout", "2s", "weft.dynamicAllocation.schedulerBacklogTimeout", "200ms");

  private MiniWeftCluster cluster;
  private Path dataDir;

  @BeforeAll
  void startCluster(@TempDir Path workDir, @TempDir Path data) {
    cluster = new MiniWeftCluster(workDir, 2, WeftConfig.empty());
    dataDir = data;
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void clusterMode_executorsGrowWithTheBacklog_goInAnIdleGap_andComeBackForTheNextStage() throws Exception {
    runIdleGapJob("cluster");
  }

  @Test
  void clientMode_executorsGrowWithTheBacklog_goInAnIdleGap_andComeBackForTheNextStage() throws Exception {
    runIdleGapJob("client");
  }

  /**
   * Submits IdleGapJob in {@code deployMode} (without --num-executors: dynamic allocation starts from
   * minExecutors, 0), follows its containers at the RM through both stages and the gap between, and
   * checks its answers.
   */
  private void runIdleGapJob(String deployMode) throws Exception {
    Path gate = dataDir.resolve(deployMode + "-gate");
    Path endGate = dataDir.resolve(deployMode + "-end");
    List<String> args = new ArrayList<>(List.of("submit", "--deploy-mode", deployMode, "--class",
        "io.weft.examples.IdleGapJob", "--executor-cores", "1", "--executor-memory", "512m", "--driver-memory",
        "512m"));
    DYNAMIC.forEach((key, value) -> args.addAll(List.of("--conf", key + "=" + value)));
    args.addAll(List.of(MiniWeftCluster.EXAMPLES_JAR.toString(), gate.toString(), "40", "1000", endGate.toString()));
    PrintStream original = System.out;
    ByteArrayOutputStream clientModeStdout = new ByteArrayOutputStream();
    if (deployMode.equals("client")) { // the driver, in this JVM, prints its answers here
      System.setOut(new PrintStream(clientModeStdout, true, StandardCharsets.UTF_8));
    }
    try (WeftClient client = cluster.client()) {
      List<ApplicationId> before = client.getApplications().stream().map(ApplicationReport::getApplicationId).toList();
      CompletableFuture<CliRun> submitted = CompletableFuture.supplyAsync(
          () -> cluster.cli(args.toArray(String[]::new)));
      ApplicationReport running = await("the application to be submitted").atMost(PHASE_TIMEOUT)
          .until(() -> client.getApplications().stream().filter(r -> !before.contains(r.getApplicationId()))
              .findFirst(), Optional::isPresent).orElseThrow();
      ApplicationId app = running.getApplicationId();

      ContainerCounts counts = awaitGrowthThenIdle(client, app, submitted);

      assertThat(counts.most()).as("the AM + weft.dynamicAllocation.maxExecutors").isEqualTo(5);
      String ui = client.getApplicationReport(app).getTrackingUrl();
      // the RM may see a container end before the driver hears its executor went
      await("the driver to record every executor's removal").atMost(PHASE_TIMEOUT).untilAsserted(() -> {
        String answer = Http.get(ui + "api/v1/allexecutors");
        assertThat(answer).as("the driver's REST at %s", ui).startsWith("[");
        JsonNode executors = JSON.readTree(answer);
        assertThat(executors.size()).as("%s", executors).isGreaterThanOrEqualTo(4);
        executors.forEach(e -> assertThat(e.get("removeReason").asText()).as("%s", e)
            .isEqualTo("released: idle for 2 s (weft.dynamicAllocation.executorIdleTimeout)"));
      });

      Files.createFile(gate); // the user's program goes on: the shuffle read again, then 40 more tasks
      await("executors for the stage after the gap").atMost(PHASE_TIMEOUT)
          .until(() -> usedContainers(client, app), n -> n > 1 || submitted.isDone());
      String stdout = await("the answers after the gap").atMost(PHASE_TIMEOUT)
          .failFast("the submission ended", submitted::isDone)
          .until(() -> stdout(deployMode, app, clientModeStdout), out -> out.contains("Waiting for " + endGate));
      assertThat(stdout).contains("Sums before the gap: " + EXPECTED_SUMS,
          "Sums after the gap: " + EXPECTED_SUMS, "Sum of squares after the gap: 332833500");
      assertThat(mapTasksRun(client, app)).as("the shuffle written before the gap is read after it from the "
          + "NodeManagers' shuffle service (on with dynamic allocation), its map tasks not run again").isEqualTo(40);
      Files.createFile(endGate);
      CliRun run = submitted.get(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(run.exit()).as("%s", run).isZero();
      assertThat(client.getApplicationReport(app).getFinalApplicationStatus())
          .isEqualTo(FinalApplicationStatus.SUCCEEDED);
    } finally {
      System.setOut(original);
      for (Path file : List.of(gate, endGate)) { // a failed check must not leave the program waiting
        if (!Files.exists(file)) {
          Files.createFile(file);
        }
      }
    }
  }

  /** The most containers the application held while it grew, observed until only its AM's was left. */
  private record ContainerCounts(int most) {}

  private ContainerCounts awaitGrowthThenIdle(WeftClient client, ApplicationId app,
      CompletableFuture<CliRun> submitted) {
    int[] most = {0};
    await("executors to grow to weft.dynamicAllocation.maxExecutors").atMost(PHASE_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .failFast("the submission ended", submitted::isDone)
        .until(() -> {
          most[0] = Math.max(most[0], usedContainers(client, app));
          return most[0];
        }, n -> n >= 5);
    await("executors to be released in the idle gap (the AM's container alone)").atMost(PHASE_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> {
          int now = usedContainers(client, app);
          most[0] = Math.max(most[0], now);
          return now;
        }, n -> n == 1);
    assertThat(submitted).as("the program waits at its gate").isNotDone();
    return new ContainerCounts(most[0]);
  }

  private String stdout(String deployMode, ApplicationId app, ByteArrayOutputStream clientModeStdout)
      throws java.io.IOException {
    if (deployMode.equals("client")) {
      return clientModeStdout.toString(StandardCharsets.UTF_8);
    }
    Optional<Path> log = ContainerLogs.amLog(cluster.cluster(), app, "stdout");
    return log.isPresent() ? Files.readString(log.get()) : "";
  }

  /** Tasks of the stages that wrote the shuffle, from the driver's REST API through the RM's proxy. */
  private static int mapTasksRun(WeftClient client, ApplicationId app) throws java.io.IOException {
    JsonNode stages = JSON.readTree(Http.get(client.getApplicationReport(app).getTrackingUrl() + "api/v1/stages"));
    int tasks = 0;
    for (JsonNode stage : stages) {
      if ((stage.path("name").asText() + " " + stage.path("description").asText()).contains("write shuffle")) {
        tasks += stage.path("numTasks").asInt();
      }
    }
    return tasks;
  }

  private static int usedContainers(WeftClient client, ApplicationId app) {
    return client.getApplicationReport(app).getApplicationResourceUsageReport().getNumUsedContainers();
  }
}
