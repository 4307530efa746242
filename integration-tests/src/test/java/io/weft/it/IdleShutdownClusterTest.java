package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.dist.ContainerLogs;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * weft.driver.idleTimeout on a real cluster: a driver kept busy by jobs closer together than the
 * timeout runs them all, then stops for idleness and the application ends SUCCEEDED with the
 * diagnostic, read from the RM's report, even though its main never returns (cluster mode) or the
 * program still holds its context (client mode).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdleShutdownClusterTest {
  private MiniWeftCluster cluster;

  @BeforeAll
  void startCluster(@TempDir Path workDir) {
    cluster = new MiniWeftCluster(workDir, 1, WeftConfig.empty());
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private ApplicationReport report(ApplicationId id) {
    try (WeftClient client = cluster.client()) {
      return client.getApplicationReport(id);
    }
  }

  @Test
  void clusterMode_jobsCloserThanTheTimeoutAllRun_thenTheIdleDriverEndsSucceededWithTheDiagnostic()
      throws IOException {
    // 3 jobs 500 ms apart under a 5 s timeout: each gap is far inside it, so the driver stays for all of them
    CliRun run = cluster.cli("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.IdleDriver",
        "--num-executors", "1", "--executor-memory", "512m", "--driver-memory", "512m",
        "--conf", "weft.driver.idleTimeout=5000", MiniWeftCluster.EXAMPLES_JAR.toString(), "3", "500");

    assertThat(run.exit()).as("%s", run).isZero();
    ApplicationId id = run.submittedApplication();
    ApplicationReport report = report(id);
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    assertThat(report.getDiagnostics()).containsPattern("the driver was idle for 5s \\(weft\\.driver\\.idleTimeout=5000\\): "
        + "no job ran since \\d\\d:\\d\\d:\\d\\d UTC; context stopped");
    String driverOut = Files.readString(ContainerLogs.amLog(cluster.cluster(), id, "stdout").orElseThrow());
    assertThat(driverOut).contains("job 1 of 3: sum 5050", "job 2 of 3: sum 5050", "job 3 of 3: sum 5050",
        "ran 3 jobs; now idle");
    await("the application's containers to exit").atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cluster.containerProcesses()).isEmpty());
  }

  @Test
  void clientMode_theIdleContextStops_theLauncherEndsSucceededWithTheDiagnostic_andANewJobFailsNamingIt() {
    WeftConf conf = new WeftConf(false).setMaster("weft://" + cluster.cluster().rmAddress()).setAppName("idle-client")
        .set("weft.executor.instances", "1").set("weft.executor.memory", "512m")
        .set("weft.driver.idleTimeout", "1500");
    ApplicationId id;
    try (WeftContext context = new WeftContext(conf)) {
      id = ApplicationId.parse(context.applicationId());
      assertThat(context.parallelize(List.of(1, 2, 3), 2).count()).isEqualTo(3);

      await("the idle client-mode context to stop itself").atMost(Duration.ofSeconds(60)).until(context::isStopped);

      assertThatThrownBy(() -> context.parallelize(List.of(1), 1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the context was stopped because the driver was idle for 1500 ms");
    }
    ApplicationReport report = await("the launcher to unregister").atMost(Duration.ofSeconds(60))
        .until(() -> report(id), r -> r.getYarnApplicationState() == YarnApplicationState.FINISHED);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    assertThat(report.getDiagnostics()).contains("the driver was idle for 1500 ms (weft.driver.idleTimeout=1500)");
  }
}
