package io.weft.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.records.NodeState;
import io.weft.common.id.ApplicationId;
import io.weft.it.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the RM learns that a NodeManager process is gone: a SIGTERM (without recovery) unregisters
 * the node at once; after a kill -9 the node is LOST once the liveness expiry passes, and its
 * containers are completed with exit status -100 (ABORTED).
 */
@Tag("recovery")
class NodeLivenessTest {
  @Test
  void sigtermWithoutRecovery_unregistersTheNodeAtOnce(@TempDir Path workDir) {
    try (ProcessCluster cluster = new ProcessCluster(workDir, 1, Map.of("weft.nodemanager.recovery.enabled", "false",
        "weft.nm.liveness-monitor.expiry-interval-ms", "600000")).start()) {
      String node = cluster.nodeId(0);

      cluster.stopNm(0);

      // stopNm returns once the process is gone: by then it has unregistered (the liveness expiry is 10 min).
      assertThat(cluster.nodeStates()).containsEntry(node, NodeState.SHUTDOWN);
      assertThat(cluster.nmLog(0)).contains(node + " unregistered from the ResourceManager");
    }
  }

  @Test
  void kill9OfAnNm_makesItsNodeLostAfterTheExpiry_andItsContainersEndAborted(@TempDir Path workDir) {
    try (ProcessCluster cluster = new ProcessCluster(workDir, 2, Map.of("weft.nodemanager.recovery.enabled", "false",
        "weft.nm.liveness-monitor.expiry-interval-ms", "5000")).start()) {
      Set<String> before = Jobs.applicationIds(cluster);
      cluster.cliInBackground("distributed-shell", "--num-containers", "2", "--container-memory", "256m",
          "--shell-command", "sleep 600");
      ApplicationId app = Jobs.awaitNewApplication(cluster, before);
      Jobs.awaitRunningWithContainers(cluster, app, 2);
      int nm = cluster.containerPids(0).keySet().stream().anyMatch(c -> Jobs.belongsTo(c, app)
          && !Jobs.isAmContainer(c)) ? 0 : 1;
      Map<String, Set<Long>> orphans = cluster.containerPids(nm);
      String worker = orphans.keySet().stream().filter(c -> Jobs.belongsTo(c, app) && !Jobs.isAmContainer(c))
          .findFirst().orElseThrow();
      String node = cluster.nodeId(nm);
      try {
        cluster.killNm(nm);

        await("node " + node + " LOST").atMost(Duration.ofSeconds(60))
            .until(() -> cluster.nodeStates().get(node) == NodeState.LOST);
        String attempt = worker.replaceAll("container_(?:e\\d+_)?(\\d+)_(\\d+)_(\\d+)_\\d+",
            "appattempt_$1_$2_0000$3");
        String containers = Http.get("http://" + cluster.rmWebAddress() + "/ws/v1/cluster/apps/" + app
            + "/appattempts/" + attempt + "/containers");
        assertThat(containers).containsPattern(Pattern.quote("\"containerId\"") + "\\s*:\\s*"
            + Pattern.quote("\"" + worker + "\"") + "[^}]*\"containerExitStatus\"\\s*:\\s*\"-100\"");
      } finally {
        orphans.values().forEach(pids -> pids.forEach(pid -> ProcessHandle.of(pid)
            .ifPresent(ProcessHandle::destroyForcibly)));
        cluster.cli("application", "-kill", app.toString());
      }
    }
  }
}
