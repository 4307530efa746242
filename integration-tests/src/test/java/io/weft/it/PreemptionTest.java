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
import io.weft.dist.ContainerLogs;
import io.weft.it.MiniWeftCluster.CliRun;
import io.weft.common.resource.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preemption end to end: an application of queue {@code low} holds the whole one-node cluster; an
 * application submitted to {@code high} (below its guarantee) gets its AM container once the
 * scheduler has preempted the youngest executor of {@code low} (exit status -102), and the
 * {@code low} application still finishes successfully.
 */
class PreemptionTest {
  private static final String P = "weft.scheduler.capacity.";

  @Test
  void anExecutorOfAnOverCapacityQueueIsPreempted_andItsApplicationStillSucceeds(@TempDir Path workDir)
      throws IOException {
    WeftConfig config = WeftConfig.of(Map.of(
        "weft.scheduler.preemption.enabled", "true",
        "weft.scheduler.preemption.grace-ms", "500",
        P + "root.queues", "low,high",
        P + "root.low.capacity", "50", P + "root.high.capacity", "50",
        P + "root.low.user-limit-factor", "2", P + "root.high.user-limit-factor", "2",
        P + "maximum-am-resource-percent", "1"));
    try (MiniWeftCluster cluster = new MiniWeftCluster(workDir, 1, config); WeftClient client = cluster.client()) {
      // an AM of 2 GB and 2 executors of 3 GB (memory + overhead, rounded up): the whole 8 GB node
      CompletableFuture<CliRun> low = CompletableFuture.supplyAsync(() -> cluster.cli("submit", "--deploy-mode",
          "cluster", "--queue", "low", "--class", "io.weft.examples.SleepJob", "--num-executors", "2",
          "--executor-memory", "2560m", "--driver-memory", "1536m", MiniWeftCluster.EXAMPLES_JAR.toString(), "5",
          "2"));
      ApplicationId lowId = await("the low application to hold the whole node").atMost(Duration.ofSeconds(90))
          .until(() -> client.getApplications().stream()
              .filter(r -> r.getQueue().equals("low") && r.getApplicationResourceUsageReport().getNumUsedContainers() == 3)
              .map(r -> r.getApplicationId()).findFirst().orElse(null), id -> id != null);

      ApplicationId highId = client.createApplication().id();
      client.submitApplication(ApplicationSubmissionContext.newBuilder().applicationId(highId)
          .applicationName("sleeper").queue("high").maxAppAttempts(1)
          .resource(Resource.of(512, 1))
          .amContainerSpec(ContainerLaunchContext.newBuilder().commands(List.of("sleep", "60")).build()).build());
      try {
        await("the high application's AM container").atMost(Duration.ofSeconds(60))
            .until(() -> client.getApplicationReport(highId).getApplicationResourceUsageReport().getNumUsedContainers(), n -> n == 1);
        CliRun run = low.get(120, TimeUnit.SECONDS);
        assertThat(run.exit()).as("%s", run).isZero();
        ApplicationReport report = client.getApplicationReport(lowId);
        assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
        assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
        assertThat(amLogs(cluster, lowId)).contains("exited with status -102");
      } catch (Exception e) {
        throw new AssertionError(e);
      } finally {
        client.killApplication(highId);
      }
    }
  }

  private static String amLogs(MiniWeftCluster cluster, ApplicationId id) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String file : new String[] {"stdout", "stderr"}) {
      var log = ContainerLogs.amLog(cluster.cluster(), id, file);
      if (log.isPresent()) {
        out.append(Files.readString(log.get()));
      }
    }
    return out.toString();
  }
}
