package io.weft.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import io.weft.it.Http;
import io.weft.it.recovery.ProcessCluster.CliRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * NM recovery, end to end on daemon processes: an NM on a fixed port is killed with kill -9 while
 * its containers run a job and started again at once (well within the RM's liveness interval); it
 * re-attaches to the same container processes, the job ends as an undisturbed run does, and nothing
 * was launched again or recomputed.
 */
@Tag("recovery")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NmRestartTest {
  /** What the driver logs when it loses an executor, a task fails, or it recomputes lost work. */
  private static final Pattern DRIVER_TROUBLE = Pattern.compile(
      "executor \\S+ lost \\(|task \\d+ \\(partition \\d+ of .*\\) failed|recomputing it|running them again"
          + "|shuffle fetch from executor \\S+ failed");
  private static final Pattern EXECUTOR_REGISTERED = Pattern.compile(
      "executor (\\S+) registered from \\S+ \\(container (container_[0-9e_]+)\\)");

  private ProcessCluster cluster;
  private Path data;
  private Path input;
  private List<String> expectedCounts;

  @BeforeAll
  void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir) {
    data = RmRestartTest.createDirectories(workDir.resolve("data"));
    input = data.resolve("words.txt");
    expectedCounts = Jobs.writeWordCountInput(input, RmRestartTest.WORDCOUNT_LINES, 20_000, 7);
    cluster = new ProcessCluster(workDir.resolve("cluster"), 2, RmRestartTest.CONF).start();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void kill9OfAnNmMidWordCount_thenAQuickRestart_reattachesItsContainers_andNothingIsRecomputed() throws Exception {
    Path out = data.resolve("wc");
    Set<String> before = Jobs.applicationIds(cluster);
    CompletableFuture<CliRun> submit = cluster.cliInBackground(
        Jobs.submit("cluster", "io.weft.examples.WordCount", input.toString(), out.toString(), "4"));
    ApplicationId app = Jobs.awaitNewApplication(cluster, before);
    Map<String, Set<Long>> executors = Jobs.awaitExecutorsRegistered(cluster, app, 2);
    int nm = nodeWithMostExecutors(app);
    Map<String, Set<Long>> onNode = containersOf(app, nm);

    cluster.killNm(nm);
    cluster.startNm(nm);

    assertThat(containersOf(app, nm)).as("container processes of %s on NM %d after its restart", app, nm)
        .isEqualTo(onNode);
    for (String container : onNode.keySet()) {
      assertThat(Http.get("http://" + cluster.nmWebAddress(nm) + "/ws/v1/node/containers/" + container))
          .as("the restarted NM's view of %s", container).containsPattern("\"state\"\\s*:\\s*\"RUNNING\"");
    }
    CliRun run = submit.get(Jobs.APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(run.exit()).as("%s", run).isZero();
    ApplicationReport report = Jobs.report(cluster, app);
    assertThat(report.getYarnApplicationState()).as("%s", report).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(report.getFinalApplicationStatus()).as("%s", report).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    assertThat(Jobs.partLines(out)).isEqualTo(expectedCounts);
    Set<String> launched = Jobs.assertEveryContainerLaunchedOnce(cluster, app);
    assertThat(launched.stream().filter(c -> !Jobs.isAmContainer(c)).toList())
        .as("executor containers of %s", app).containsExactlyInAnyOrderElementsOf(executors.keySet());
    String driverLog = Jobs.amLog(cluster, app, "stderr");
    assertThat(DRIVER_TROUBLE.matcher(driverLog).results().map(m -> m.group()).toList())
        .as("the driver's log of lost executors, failed tasks and recomputation").isEmpty();
    assertThat(registeredExecutorContainers(driverLog)).as("containers executors registered from")
        .containsExactlyInAnyOrderElementsOf(executors.keySet());
  }

  private int nodeWithMostExecutors(ApplicationId app) {
    int best = 0;
    for (int i = 1; i < cluster.nodeManagers(); i++) {
      if (executorsOn(app, i) > executorsOn(app, best)) {
        best = i;
      }
    }
    return best;
  }

  private long executorsOn(ApplicationId app, int nm) {
    return containersOf(app, nm).keySet().stream().filter(c -> !Jobs.isAmContainer(c)).count();
  }

  /** Live processes of {@code app}'s containers (its AM's too) on NM {@code nm}, by container id. */
  private Map<String, Set<Long>> containersOf(ApplicationId app, int nm) {
    Map<String, Set<Long>> pids = new TreeMap<>();
    cluster.containerPids(nm).forEach((container, p) -> {
      if (Jobs.belongsTo(container, app)) {
        pids.put(container, p);
      }
    });
    return pids;
  }

  /** The containers of every executor registration the driver logged; one entry per registration. */
  private static List<String> registeredExecutorContainers(String driverLog) {
    Matcher m = EXECUTOR_REGISTERED.matcher(driverLog);
    List<String> containers = new java.util.ArrayList<>();
    while (m.find()) {
      containers.add(m.group(2));
    }
    return containers;
  }
}
