package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.dist.ContainerLogs;
import io.weft.common.launch.warm.WarmJvm;
import io.weft.it.MiniWeftCluster.CliRun;
import io.weft.nm.NmKeys;
import io.weft.nm.NodeManager;
import io.weft.nm.warm.WarmJvmPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real applications on a one-node cluster with warm JVMs of 256 MB heap: Pi in cluster mode runs its AM
 * (the driver) and both executors in warm JVMs, and a distributed shell its AM, and both finish as they do
 * cold.
 */
class WarmJvmsEndToEndTest {
  private static final Duration POOL_WAIT = Duration.ofSeconds(120);
  private static final long HEAP_MB = 256;

  private MiniWeftCluster cluster;

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private NodeManager startCluster(Path workDir, int count) {
    return startCluster(workDir, count, false);
  }

  private NodeManager startCluster(Path workDir, int count, boolean secure) {
    cluster = new MiniWeftCluster(workDir, 1, WeftConfig.of(Map.of(
        NmKeys.WARM_JVMS_ENABLED.key(), "true",
        NmKeys.WARM_JVMS_HEAPS.key(), HEAP_MB + "m",
        NmKeys.WARM_JVMS_COUNT.key(), Integer.toString(count))), secure);
    NodeManager nm = cluster.cluster().nodeManagers().get(0);
    awaitReady(nm, count);
    return nm;
  }

  private static void awaitReady(NodeManager nm, int count) {
    await(count + " ready warm JVMs").atMost(POOL_WAIT)
        .until(() -> nm.warmJvms().readyByHeapMb().get(HEAP_MB), ready -> ready >= count);
  }

  private ApplicationReport report(ApplicationId id) {
    try (WeftClient client = cluster.client()) {
      return client.getApplicationReport(id);
    }
  }

  @Test
  void pi_inClusterMode_runsItsDriverAndExecutorsInWarmJvms(@TempDir Path workDir) throws Exception {
    NodeManager nm = startCluster(workDir, 3);
    runPiInWarmJvms(nm);
  }

  /**
   * On a cluster with TLS the warm JVMs also warm up TLS before their claim (TlsWarmUp): they are started to, and
   * the AM and executors that claim them still reach the RM, the NM and each other over TLS.
   */
  @Test
  void pi_onASecureCluster_runsInWarmJvmsThatWarmedUpTls(@TempDir Path workDir) throws Exception {
    NodeManager nm = startCluster(workDir, 3, true);
    assertThat(warmJvmCommandLines(workDir)).hasSize(3).allSatisfy(line -> assertThat(line).endsWith(" " + WarmJvm.TLS));
    runPiInWarmJvms(nm);
  }

  /**
   * The command lines of the warm JVMs running in {@code workDir}'s NodeManagers (their working dirs are there).
   * Read from /proc: {@code ProcessHandle.info().commandLine()} is empty for a command line as long as theirs.
   */
  private static List<String> warmJvmCommandLines(Path workDir) {
    return ProcessHandle.allProcesses().map(process -> {
      Path proc = Path.of("/proc", Long.toString(process.pid()));
      try {
        String line = Files.readString(proc.resolve("cmdline")).replace('\0', ' ').strip();
        boolean ours = Files.readSymbolicLink(proc.resolve("cwd")).startsWith(workDir.toRealPath());
        return ours && line.contains(WarmJvm.class.getName()) && !line.startsWith("bash") ? line : null;
      } catch (IOException e) {
        return null; // gone, or not ours to read
      }
    }).filter(Objects::nonNull).toList();
  }

  private void runPiInWarmJvms(NodeManager nm) throws Exception {
    CliRun run = cluster.cli("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.Pi",
        "--num-executors", "2", "--executor-memory", HEAP_MB + "m", "--driver-memory", HEAP_MB + "m",
        MiniWeftCluster.EXAMPLES_JAR.toString(), "4");

    assertThat(run.exit()).as("%s", run).isZero();
    ApplicationId id = run.submittedApplication();
    ApplicationReport report = report(id);
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    Path driverLog = ContainerLogs.amLog(cluster.cluster(), id, "stdout").orElseThrow();
    assertThat(Files.readString(driverLog)).containsPattern("Pi is roughly 3\\.1");
    WarmJvmPool.Stats stats = nm.warmJvms();
    assertThat(stats.warmLaunches()).as("%s", stats).isEqualTo(3);
    assertThat(stats.coldLaunches()).as("%s", stats).isZero();
  }

  @Test
  void distributedShell_runsItsAmInAWarmJvm_andItsShellContainersCold(@TempDir Path workDir) {
    NodeManager nm = startCluster(workDir, 1);

    CliRun run = cluster.cli("distributed-shell", "--num-containers", "2", "--container-memory", "256m",
        "--shell-command", "echo \"hello from $CONTAINER_ID\"");

    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("state FINISHED, final status SUCCEEDED").contains("2 containers: 2 succeeded");
    WarmJvmPool.Stats stats = nm.warmJvms();
    assertThat(stats.warmLaunches()).as("the AM, %s", stats).isEqualTo(1);
    assertThat(stats.coldLaunches()).as("the shell containers, %s", stats).isEqualTo(2);
  }
}
