package io.weft.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationId;
import io.weft.it.recovery.ProcessCluster.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node labels through {@code weft rmadmin} on daemon processes: a label added and put on one NodeManager, a
 * distributed shell asking for it runs its containers there only, a queue that may not use it is refused
 * with the reason, a non-exclusive label is refused, and the labels are still there after an RM restart; then
 * {@code weft submit} puts the AM and the executors on the label, in cluster and in client mode.
 */
@Tag("recovery")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeLabelsCliTest {
  private ProcessCluster cluster;
  private Path data;

  @BeforeAll
  void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir) throws Exception {
    data = RmRestartTest.createDirectories(workDir.resolve("data"));
    Map<String, String> conf = new HashMap<>(RmRestartTest.CONF);
    conf.put("weft.scheduler.capacity.root.queues", "default,b");
    conf.put("weft.scheduler.capacity.root.default.capacity", "50");
    conf.put("weft.scheduler.capacity.root.default.user-limit-factor", "2");
    conf.put("weft.scheduler.capacity.root.b.capacity", "50");
    conf.put("weft.scheduler.capacity.root.default.accessible-node-labels", "gpu");
    conf.put("weft.scheduler.capacity.root.default.accessible-node-labels.gpu.capacity", "100");
    conf.put("weft.scheduler.capacity.root.b.accessible-node-labels", "");
    conf.put("weft.scheduler.minimum-allocation-mb", "256");
    cluster = new ProcessCluster(workDir.resolve("cluster"), 2, conf).start();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void labelledShellRunsOnTheLabelledNodeOnly_refusalsNameTheLabel_andLabelsSurviveARestart() throws Exception {
    CliRun added = cluster.cli("rmadmin", "-addToClusterNodeLabels", "gpu(exclusive=true)");
    assertThat(added.exit()).as("%s", added).isZero();
    assertThat(added.out()).contains("Node labels: <gpu:exclusivity=true>");
    CliRun shared = cluster.cli("rmadmin", "-addToClusterNodeLabels", "ssd(exclusive=false)");
    assertThat(shared.exit()).as("%s", shared).isNotZero();
    assertThat(shared.err()).contains("node label ssd is non-exclusive (exclusive=false)");
    String gpuNode = cluster.nodeId(1);
    CliRun replaced = cluster.cli("rmadmin", "-replaceLabelsOnNode", gpuNode + "=gpu");
    assertThat(replaced.exit()).as("%s", replaced).isZero();
    assertThat(replaced.out()).contains(gpuNode + " = gpu");

    Path where = data.resolve("where");
    CliRun shell = cluster.cli("distributed-shell", "--num-containers", "3", "--container-memory", "256m",
        "--node-label-expression", "gpu", "--shell-command", "echo \"$NM_HOST:$NM_PORT\" >> " + where);
    assertThat(shell.exit()).as("%s", shell).isZero();
    List<String> nodes = Files.readAllLines(where);
    assertThat(nodes).hasSize(3).containsOnly(gpuNode);

    CliRun refused = cluster.cli("distributed-shell", "--queue", "b", "--num-containers", "1", "--container-memory",
        "256m", "--node-label-expression", "gpu", "--shell-command", "true");
    assertThat(refused.exit()).as("%s", refused).isNotZero();
    assertThat(refused.out() + refused.err()).contains("queue root.b may not use node label gpu");

    cluster.stopRm();
    cluster.startRm();
    cluster.awaitNodesRunning();
    CliRun listed = cluster.cli("cluster", "-lnl");
    assertThat(listed.exit()).as("%s", listed).isZero();
    assertThat(listed.out()).contains("Node Labels: <gpu:exclusivity=true>").contains(gpuNode + " = gpu");
  }

  /** Runs after the test above, which put label gpu on NodeManager 1. */
  @Test
  @Order(2)
  void submitPutsTheAmAndTheExecutorsOnTheLabel_inClusterAndClientMode() {
    for (String mode : List.of("cluster", "client")) {
      Set<String> before = Jobs.applicationIds(cluster);
      List<String> args = new ArrayList<>(List.of("submit", "--deploy-mode", mode, "--class", "io.weft.examples.Pi",
          "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "512m", "--driver-memory", "512m",
          "--conf", "weft.am.nodeLabelExpression=gpu", "--conf", "weft.executor.nodeLabelExpression=gpu",
          ProcessCluster.EXAMPLES_JAR.toString(), "4"));
      CliRun pi = cluster.cli(args.toArray(String[]::new));
      assertThat(pi.exit()).as("%s", pi).isZero();
      ApplicationId app = Jobs.awaitNewApplication(cluster, before);
      assertThat(Jobs.containerLogDirsOn(cluster, 0, app)).as("%s mode: containers on the unlabelled node", mode)
          .isEmpty();
      assertThat(Jobs.containerLogDirsOn(cluster, 1, app)).as("%s mode: containers on the gpu node", mode)
          .hasSize(3).anyMatch(Jobs::isAmContainer);
    }
  }
}
