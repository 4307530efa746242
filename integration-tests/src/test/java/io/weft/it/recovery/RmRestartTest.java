package io.weft.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import io.weft.it.recovery.ProcessCluster.CliRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work-preserving RM restart, end to end on daemon processes: the RM is killed with kill -9 while
 * applications run and started again on the same store; AMs resync and keep their containers, NMs
 * keep them running and re-register, clients following the applications ride through, and every
 * answer is the one an undisturbed run gives. Every container is launched exactly once.
 */
@Tag("recovery")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RmRestartTest {
  /** Clients and AMs give up on an absent RM after this long instead of the default 15 minutes. */
  static final Map<String, String> CONF = Map.of("weft.resourcemanager.connect.max-wait-ms", "120000");
  /** About 25 MB: WordCount runs for several seconds after its executors register, longer than a daemon restart. */
  static final int WORDCOUNT_LINES = 300_000;

  private ProcessCluster cluster;
  private Path data;
  private Path input;
  private List<String> expectedCounts;

  @BeforeAll
  void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir) {
    data = workDir.resolve("data");
    input = createDirectories(data).resolve("words.txt");
    expectedCounts = Jobs.writeWordCountInput(input, WORDCOUNT_LINES, 20_000, 42);
    cluster = new ProcessCluster(workDir.resolve("cluster"), 2, CONF).start();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A test that failed half-way must not leave the next one without an RM. */
  @AfterEach
  void rmIsUp() {
    if (!cluster.rmAlive()) {
      cluster.startRm();
    }
    cluster.awaitNodesRunning();
  }

  @Test
  void wordCountInClusterMode_survivesKill9OfTheRm_withTheSameAnswerAndNoContainerStartedTwice() throws Exception {
    Path out = data.resolve("wc-cluster");
    WordCountRun wc = wordCountThroughAnRmRestart("cluster", out);
    ApplicationId app = wc.app();
    Map<String, Set<Long>> executors = wc.executors();
    CliRun run = wc.run();
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(Jobs.submittedId(run)).isEqualTo(app);
    assertSucceeded(app);
    assertThat(Jobs.partLines(out)).isEqualTo(expectedCounts);
    assertThat(Jobs.assertEveryContainerLaunchedOnce(cluster, app)).filteredOn(c -> !Jobs.isAmContainer(c))
        .as("executor containers of %s", app).containsExactlyInAnyOrderElementsOf(executors.keySet());
    assertThat(Jobs.amLog(cluster, app, "stdout"))
        .contains("WordCount wrote " + expectedCounts.size() + " distinct words");
  }

  @Test
  void wordCountInClientMode_survivesKill9OfTheRm_withTheSameAnswerAndNoContainerStartedTwice() throws Exception {
    Path out = data.resolve("wc-client");
    WordCountRun wc = wordCountThroughAnRmRestart("client", out);
    ApplicationId app = wc.app();
    Map<String, Set<Long>> executors = wc.executors();
    CliRun run = wc.run();
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(Jobs.partLines(out)).isEqualTo(expectedCounts);
    await(app + " to end at the RM").atMost(Jobs.APP_TIMEOUT)
        .until(() -> WeftClient.isFinal(Jobs.report(cluster, app).getYarnApplicationState()));
    assertSucceeded(app);
    assertThat(Jobs.assertEveryContainerLaunchedOnce(cluster, app)).filteredOn(c -> !Jobs.isAmContainer(c))
        .as("executor containers of %s", app).containsExactlyInAnyOrderElementsOf(executors.keySet());
  }

  @Test
  void distributedShell_survivesKill9OfTheRm_withEveryContainerExitingZeroOnce() throws Exception {
    Set<String> before = Jobs.applicationIds(cluster);
    CompletableFuture<CliRun> shell = cluster.cliInBackground("distributed-shell", "--num-containers", "4",
        "--shell-command", "sleep 8", "--container-memory", "256m");
    ApplicationId app = Jobs.awaitNewApplication(cluster, before);
    Map<String, Set<Long>> containers = Jobs.awaitRunningWithContainers(cluster, app, 4);

    restartRm();

    CliRun run = shell.get(Jobs.APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("state FINISHED, final status SUCCEEDED").contains("4 containers: 4 succeeded");
    ApplicationReport report = assertSucceeded(app);
    assertThat(report.getDiagnostics()).isEqualTo("4 containers: 4 succeeded");
    assertThat(Jobs.assertEveryContainerLaunchedOnce(cluster, app)).hasSize(5).containsAll(containers.keySet());
  }

  @Test
  void distributedShellWithAnUnmanagedAm_survivesKill9OfTheRm_itsAmResyncingFromItsClient() throws Exception {
    Set<String> before = Jobs.applicationIds(cluster);
    CompletableFuture<CliRun> shell = cluster.cliInBackground("distributed-shell", "--unmanaged",
        "--num-containers", "2", "--shell-command", "sleep 8", "--container-memory", "256m");
    ApplicationId app = Jobs.awaitNewApplication(cluster, before);
    Map<String, Set<Long>> containers = Jobs.awaitRunningWithContainers(cluster, app, 2);

    restartRm();

    CliRun run = shell.get(Jobs.APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("with an unmanaged AM").contains("2 containers: 2 succeeded");
    assertThat(assertSucceeded(app).isUnmanagedApp()).isTrue();
    // the two shell containers, each launched once, and no AM container on any node
    assertThat(Jobs.launches(cluster, app)).as("container launches of %s", app)
        .containsOnlyKeys(containers.keySet()).allSatisfy((container, count) -> assertThat(count).isEqualTo(1));
  }

  @Test
  void finishedApplications_areListedAsBeforeAfterARestart_andNewIdsContinueTheSequence() {
    CliRun succeeded = shell("true");
    CliRun failed = shell("exit 3");
    assertThat(succeeded.exit()).as("%s", succeeded).isZero();
    assertThat(failed.exit()).as("%s", failed).isEqualTo(1);
    Map<String, String> endedBefore = Jobs.endedApplications(cluster);
    Map<String, String> listedBefore = listedRows();
    ApplicationId last = Jobs.applicationIds(cluster).stream().map(ApplicationId::parse).max(ApplicationId::compareTo)
        .orElseThrow();
    assertThat(endedBefore).containsKeys(Jobs.submittedId(succeeded).toString(), Jobs.submittedId(failed).toString());

    restartRm();
    cluster.awaitNodesRunning();

    assertThat(Jobs.endedApplications(cluster)).containsAllEntriesOf(endedBefore);
    assertThat(listedRows()).containsAllEntriesOf(listedBefore);
    CliRun next = shell("true");
    assertThat(next.exit()).as("%s", next).isZero();
    assertThat(Jobs.submittedId(next)).isEqualTo(new ApplicationId(last.clusterTimestamp(), last.sequence() + 1));
  }

  // ---------------------------------------------------------------- helpers

  /** A WordCount submitted in {@code mode}, the RM killed -9 and restarted once its executors registered. */
  private WordCountRun wordCountThroughAnRmRestart(String mode, Path out) throws Exception {
    Set<String> before = Jobs.applicationIds(cluster);
    CompletableFuture<CliRun> submit = cluster.cliInBackground(
        Jobs.submit(mode, "io.weft.examples.WordCount", input.toString(), out.toString(), "4"));
    ApplicationId app = Jobs.awaitNewApplication(cluster, before);
    Map<String, Set<Long>> executors = Jobs.awaitExecutorsRegistered(cluster, app, 2);

    restartRm();

    return new WordCountRun(app, executors, submit.get(Jobs.APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
  }

  /** The application, its executor containers (with their pids) before the kill, and the finished submit. */
  private record WordCountRun(ApplicationId app, Map<String, Set<Long>> executors, CliRun run) {}

  private void restartRm() {
    cluster.killRm();
    cluster.startRm();
  }

  private ApplicationReport assertSucceeded(ApplicationId app) {
    ApplicationReport report = Jobs.report(cluster, app);
    assertThat(report.getYarnApplicationState()).as("%s", report).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(report.getFinalApplicationStatus()).as("%s", report).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    return report;
  }

  private CliRun shell(String command) {
    return cluster.cli("distributed-shell", "--num-containers", "1", "--shell-command", command,
        "--container-memory", "256m");
  }

  /** {@code weft application -list -appStates ALL} rows of ended applications: id -> state and final state. */
  private Map<String, String> listedRows() {
    CliRun list = cluster.cli("application", "-list", "-appStates", "ALL");
    assertThat(list.exit()).as("%s", list).isZero();
    Map<String, String> rows = new TreeMap<>();
    for (String line : list.out().split("\n")) {
      String[] cells = line.split("\t");
      if (cells.length > 6 && cells[0].trim().startsWith("application_")) {
        String state = cells[5].trim();
        if (WeftClient.isFinal(YarnApplicationState.valueOf(state))) {
          rows.put(cells[0].trim(), state + " " + cells[6].trim());
        }
      }
    }
    return rows;
  }

  static Path createDirectories(Path dir) {
    try {
      return java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
