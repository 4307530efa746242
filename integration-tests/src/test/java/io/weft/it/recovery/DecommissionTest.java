package io.weft.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.NodeState;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import io.weft.it.recovery.ProcessCluster.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful decommission on daemon processes: a node running executors of a WordCount is excluded
 * with {@code weft rmadmin -refreshNodes -g <s> -client}; it drains (no new containers, its
 * executors run on), the job succeeds with the right answer and nothing lost, the node ends
 * DECOMMISSIONED and its NodeManager process exits.
 */
@Tag("recovery")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecommissionTest {
  private ProcessCluster cluster;
  private Path data;
  private Path input;
  private Path exclude;
  private List<String> expectedCounts;

  @BeforeAll
  void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir) throws Exception {
    data = RmRestartTest.createDirectories(workDir.resolve("data"));
    input = data.resolve("words.txt");
    expectedCounts = Jobs.writeWordCountInput(input, RmRestartTest.WORDCOUNT_LINES, 20_000, 11);
    exclude = Files.writeString(data.resolve("exclude"), "");
    Map<String, String> conf = new HashMap<>(RmRestartTest.CONF);
    conf.put("weft.resourcemanager.nodes.exclude-path", exclude.toString());
    cluster = new ProcessCluster(workDir.resolve("cluster"), 2, conf).start();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void gracefulDecommissionMidWordCount_drainsTheNode_theJobSucceeds_andTheNodeManagerExits() throws Exception {
    Path out = data.resolve("wc");
    var before = Jobs.applicationIds(cluster);
    CompletableFuture<CliRun> submit = cluster.cliInBackground(
        Jobs.submit("cluster", "io.weft.examples.WordCount", input.toString(), out.toString(), "4"));
    ApplicationId app = Jobs.awaitNewApplication(cluster, before);
    Jobs.awaitExecutorsRegistered(cluster, app, 2);
    int nm = nodeWithAnExecutor(app);
    String node = cluster.nodeId(nm);

    Files.writeString(exclude, node + "\n");
    CompletableFuture<CliRun> decommission = cluster.cliInBackground("rmadmin", "-refreshNodes", "-g", "600",
        "-client");
    await("node " + node + " draining or drained").atMost(Duration.ofSeconds(30))
        .until(() -> cluster.nodeStates().get(node),
            s -> s == NodeState.DECOMMISSIONING || s == NodeState.DECOMMISSIONED);

    CliRun run = submit.get(Jobs.APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(run.exit()).as("%s", run).isZero();
    ApplicationReport report = Jobs.report(cluster, app);
    assertThat(report.getFinalApplicationStatus()).as("%s", report).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(Jobs.partLines(out)).isEqualTo(expectedCounts);
    assertThat(Jobs.amLog(cluster, app, "stderr")).as("the driver's log").doesNotContainPattern("executor \\S+ lost \\(");

    CliRun admin = decommission.get(2, TimeUnit.MINUTES);
    assertThat(admin.exit()).as("%s", admin).isZero();
    assertThat(admin.out()).contains(node + " DECOMMISSIONING").contains("1 node(s) decommissioned");
    assertThat(cluster.nodeStates()).containsEntry(node, NodeState.DECOMMISSIONED);
    await("NodeManager " + nm + " exits").atMost(ProcessCluster.DAEMON_EXIT).until(() -> !cluster.nmAlive(nm));
    assertThat(cluster.nmLog(nm)).contains("the ResourceManager ordered " + node + " to shut down")
        .contains("NodeManager exiting: it was told to shut down by the ResourceManager");
    assertThat(cluster.nodeStates()).containsEntry(cluster.nodeId(1 - nm), NodeState.RUNNING);
  }

  private int nodeWithAnExecutor(ApplicationId app) {
    for (int i = 0; i < cluster.nodeManagers(); i++) {
      boolean executor = cluster.containerPids(i).keySet().stream()
          .anyMatch(c -> Jobs.belongsTo(c, app) && !Jobs.isAmContainer(c));
      if (executor) {
        return i;
      }
    }
    throw new AssertionError("no executor of " + app + " has a live process");
  }
}
