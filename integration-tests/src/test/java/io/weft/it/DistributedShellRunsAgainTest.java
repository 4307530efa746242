package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.client.records.ContainerLaunchContext;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.it.MiniWeftCluster.CliRun;
import io.weft.common.resource.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distributed shell whose container the cluster takes away (here preempted, -102; a lost node's
 * -100 takes the same path) asks for another container and runs the command again there: the
 * application succeeds, and its diagnostics say which container was run again and why. Without it
 * the taken container counted as a failed command and the shell FAILED.
 */
class DistributedShellRunsAgainTest {
  private static final String P = "weft.scheduler.capacity.";

  @Test
  void aPreemptedShellContainer_isRunAgain_andTheShellSucceeds(@TempDir Path workDir) throws Exception {
    WeftConfig config = WeftConfig.of(Map.of(
        "weft.scheduler.preemption.enabled", "true",
        "weft.scheduler.preemption.grace-ms", "500",
        P + "root.queues", "low,high",
        P + "root.low.capacity", "50", P + "root.high.capacity", "50",
        P + "root.low.user-limit-factor", "2", P + "root.high.user-limit-factor", "2",
        P + "maximum-am-resource-percent", "1"));
    try (MiniWeftCluster cluster = new MiniWeftCluster(workDir, 1, config); WeftClient client = cluster.client()) {
      // the shell's AM (1 GB) and 2 containers of 3 GB: 7 GB of the 8 GB node
      CompletableFuture<CliRun> shell = CompletableFuture.supplyAsync(() -> cluster.cli("distributed-shell",
          "--queue", "low", "--num-containers", "2", "--container-memory", "3g", "--shell-command", "sleep 15"));
      ApplicationId shellId = await("the shell to run both containers").atMost(Duration.ofSeconds(90))
          .until(() -> client.getApplications().stream()
              .filter(r -> r.getQueue().equals("low") && r.getApplicationResourceUsageReport().getNumUsedContainers() == 3)
              .map(r -> r.getApplicationId()).findFirst().orElse(null), id -> id != null);

      // 2 GB for queue high, below its guarantee: one shell container is preempted for it
      ApplicationId highId = client.createApplication().id();
      client.submitApplication(ApplicationSubmissionContext.newBuilder().applicationId(highId)
          .applicationName("sleeper").queue("high").maxAppAttempts(1)
          .resource(Resource.of(2048, 1))
          .amContainerSpec(ContainerLaunchContext.newBuilder().commands(List.of("sleep", "60")).build()).build());
      try {
        CliRun run = shell.get(150, TimeUnit.SECONDS);
        ApplicationReport report = client.getApplicationReport(shellId);
        assertThat(run.exit()).as("%s\n%s", run, report.getDiagnostics()).isZero();
        assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
        assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
        assertThat(report.getDiagnostics()).startsWith("2 containers: 2 succeeded; 1 run again after the cluster "
            + "took the container (container_").contains("exit -102");
      } finally {
        client.killApplication(highId);
      }
    }
  }
}
