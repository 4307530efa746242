package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.NodeReport;
import io.weft.client.records.NodeState;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NM's real health checks against the real RM: a health script that prints an ERROR line, and
 * a local or log directory that is too full or broken, make the node UNHEALTHY (with the report in
 * {@code weft node -list}), and an UNHEALTHY node gets no containers.
 */
class NodeHealthTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;
  private MiniWeftCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private void start(Map<String, String> config) {
    cluster = new MiniWeftCluster(dir.resolve("cluster"), 1, WeftConfig.of(config));
  }

  @Test
  void healthScriptPrintingError_makesTheNodeUnhealthy_andNothingIsPlacedUntilItIsHealthyAgain() throws IOException {
    Path flag = dir.resolve("disk-failing");
    Path script = Files.writeString(dir.resolve("health.sh"), """
        #!/bin/sh
        echo "checked at $(date)"
        if [ -f %s ]; then echo "ERROR disk /data1 is failing"; fi
        exit 0
        """.formatted(flag));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(flag, "");
    start(Map.of("weft.nodemanager.health-checker.script.path", script.toString(),
        "weft.nodemanager.health-checker.interval-ms", "200"));

    NodeReport unhealthy = awaitNode(NodeState.UNHEALTHY);
    assertThat(unhealthy.getHealthReport()).isEqualTo("ERROR disk /data1 is failing");
    CliRun list = cluster.cli("node", "-list", "-states", "UNHEALTHY");
    assertThat(list.out()).as("%s", list).contains("Total Nodes:1").contains("UNHEALTHY")
        .contains("ERROR disk /data1 is failing");

    CompletableFuture<CliRun> shell = CompletableFuture.supplyAsync(() -> cluster.cli("distributed-shell",
        "--num-containers", "1", "--container-memory", "256m", "--shell-command", "echo hello"));
    await("the application waiting at the RM").atMost(WAIT).until(this::onlyApplication,
        r -> r != null && r.getYarnApplicationState() == YarnApplicationState.ACCEPTED);
    assertThat(cluster.containerProcesses()).as("no container on an unhealthy node").isEmpty();
    assertThat(onlyApplication().getYarnApplicationState()).isEqualTo(YarnApplicationState.ACCEPTED);

    Files.delete(flag);
    awaitNode(NodeState.RUNNING);
    CliRun run = shell.join();
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("final status SUCCEEDED");
  }

  @Test
  void healthScriptTimingOut_makesTheNodeUnhealthy() throws IOException {
    Path script = Files.writeString(dir.resolve("slow.sh"), "#!/bin/sh\nsleep 30\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    start(Map.of("weft.nodemanager.health-checker.script.path", script.toString(),
        "weft.nodemanager.health-checker.interval-ms", "200",
        "weft.nodemanager.health-checker.script.timeout-ms", "300"));

    assertThat(awaitNode(NodeState.UNHEALTHY).getHealthReport()).isEqualTo("Node health script timed out");
  }

  @Test
  void healthScriptFailingWithoutAnErrorLine_leavesTheNodeHealthy_asInYarn() throws IOException {
    Path script = Files.writeString(dir.resolve("broken.sh"), "#!/bin/sh\necho 'ERROR not a verdict'\nexit 3\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    start(Map.of("weft.nodemanager.health-checker.script.path", script.toString(),
        "weft.nodemanager.health-checker.interval-ms", "200"));

    // The script has run (and failed) by the time a distributed shell has run on the node.
    CliRun run = cluster.cli("distributed-shell", "--num-containers", "1", "--container-memory", "256m",
        "--shell-command", "echo hello");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(nodes()).singleElement().satisfies(n -> assertThat(n.getNodeState()).isEqualTo(NodeState.RUNNING));
  }

  @Test
  void fileSystemFullerThanTheLimit_makesTheNodeUnhealthy_namingTheDirectories() {
    start(Map.of("weft.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "0"));

    NodeReport node = awaitNode(NodeState.UNHEALTHY);
    Path nm = cluster.cluster().workDir().resolve("nm-0");
    assertThat(node.getHealthReport()).contains("1/1 local-dirs are bad").contains(nm.resolve("local").toString())
        .contains("1/1 log-dirs are bad").contains(nm.resolve("logs").toString())
        .contains("is above the threshold of 0%");
  }

  @Test
  void brokenLogDirectory_makesTheNodeUnhealthy_andHealthyAgainWhenMended() throws IOException {
    start(Map.of("weft.nodemanager.disk-health-checker.interval-ms", "200"));
    awaitNode(NodeState.RUNNING);
    Path logs = cluster.cluster().workDir().resolve("nm-0").resolve("logs");
    deleteTree(logs);
    Files.writeString(logs, "a file where the log directory was");

    assertThat(awaitNode(NodeState.UNHEALTHY).getHealthReport())
        .isEqualTo("1/1 log-dirs are bad: [ " + logs + " : not a directory ]");

    Files.delete(logs);
    Files.createDirectories(logs);
    awaitNode(NodeState.RUNNING);
  }

  private NodeReport awaitNode(NodeState state) {
    return await("the node " + state).atMost(WAIT).until(() -> nodes().get(0), n -> n.getNodeState() == state);
  }

  private List<NodeReport> nodes() {
    try (WeftClient client = cluster.client()) {
      return client.getNodeReports();
    }
  }

  private ApplicationReport onlyApplication() {
    try (WeftClient client = cluster.client()) {
      List<ApplicationReport> apps = client.getApplications();
      return apps.isEmpty() ? null : apps.get(0);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
