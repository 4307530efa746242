package io.weft.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.NodeState;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationId;
import io.weft.it.recovery.ProcessCluster.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness the recovery tests stand on, proven without any recovery: daemons as separate JVMs on
 * fixed ports, a real job through them, daemons killed and started again on the same ports, and
 * {@link ProcessCluster#close()} leaving no process behind, not even containers orphaned by a
 * kill -9 of their NM.
 */
class ProcessClusterTest {
  private static final Map<String, String> CONF = Map.of("weft.resourcemanager.connect.max-wait-ms", "60000");

  @Test
  void piInClusterMode_succeedsOnDaemonProcesses_andCloseLeavesNoProcessBehind(
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir) {
    ProcessCluster cluster = new ProcessCluster(workDir, 2, CONF);
    List<Long> pids = new ArrayList<>();
    try {
      cluster.start();
      assertThat(cluster.nodeStates()).containsOnly(Map.entry(cluster.nodeId(0), NodeState.RUNNING),
          Map.entry(cluster.nodeId(1), NodeState.RUNNING));
      pids.addAll(cluster.liveDaemons().stream().map(ProcessHandle::pid).toList());
      assertThat(pids).hasSize(3).doesNotContain(ProcessHandle.current().pid());

      ApplicationId pi = assertPiSucceeds(cluster);
      assertThat(Jobs.amLog(cluster, pi, "stdout")).containsPattern("Pi is roughly 3\\.1");
      Jobs.assertEveryContainerLaunchedOnce(cluster, pi);

      // containers that outlive their NM: a shell that sleeps, its NMs killed under it
      Set<String> before = Jobs.applicationIds(cluster);
      cluster.cliInBackground("distributed-shell", "--num-containers", "2", "--shell-command", "sleep 600",
          "--container-memory", "256m");
      ApplicationId shell = Jobs.awaitNewApplication(cluster, before);
      Jobs.awaitRunningWithContainers(cluster, shell, 2);
      cluster.containerPids().values().forEach(pids::addAll);
      cluster.killNm(0);
      cluster.killNm(1);
      assertThat(cluster.containerPids()).as("containers orphaned by kill -9 of their NMs").isNotEmpty();
    } finally {
      cluster.close();
    }

    assertThat(cluster.liveDaemons()).isEmpty();
    assertThat(cluster.strayProcesses()).isEmpty();
    assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
        .as("process %d", pid).isEmpty());
  }

  @Test
  void killedDaemons_startAgainOnTheirPorts_andTheClusterServesAgain(
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir) {
    try (ProcessCluster cluster = new ProcessCluster(workDir, 2, CONF).start()) {
      long firstRm = cluster.rmPid();

      cluster.killNm(1);
      cluster.startNm(1);
      assertPiSucceeds(cluster);

      cluster.killRm();
      cluster.startRm();
      cluster.awaitNodesRunning();
      assertThat(cluster.rmPid()).isNotEqualTo(firstRm);
      assertThat(cluster.rmLog()).containsPattern("(?s)ResourceManager listening on .*ResourceManager listening on");
      assertThat(cluster.nodeStates()).containsEntry(cluster.nodeId(0), NodeState.RUNNING)
          .containsEntry(cluster.nodeId(1), NodeState.RUNNING);

      // Without recovery a restarted RM has new container-token keys under the same key id, which NMs
      // that lived through the restart do not take (SharedMasterKeys.update): start them afresh too.
      cluster.sigstop(0);
      cluster.sigcont(0);
      cluster.stopNm(0);
      cluster.stopNm(1);
      cluster.startNm(0);
      cluster.startNm(1);
      assertPiSucceeds(cluster);

      cluster.stopNm(0);
      cluster.stopRm();
      assertThat(cluster.liveDaemons()).hasSize(1);
    }
  }

  private static ApplicationId assertPiSucceeds(ProcessCluster cluster) {
    CliRun run = cluster.cli(Jobs.submit("cluster", "io.weft.examples.Pi", "10"));

    assertThat(run.exit()).as("%s", run).isZero();
    ApplicationId id = Jobs.submittedId(run);
    ApplicationReport report = Jobs.report(cluster, id);
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    await("the containers of " + id + " to exit").atMost(Jobs.APP_TIMEOUT).untilAsserted(
        () -> assertThat(cluster.containerPids().keySet()).noneMatch(c -> Jobs.belongsTo(c, id)));
    return id;
  }
}
