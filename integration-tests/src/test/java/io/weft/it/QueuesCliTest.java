package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.client.records.ContainerLaunchContext;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.it.MiniWeftCluster.CliRun;
import io.weft.common.resource.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Capacity queues through the CLI on a local cluster: queue -status, rmadmin -refreshQueues, -movetoqueue. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueuesCliTest {
  private static final String TWO_QUEUES = """
      weft.scheduler.capacity.root.queues=default,analytics
      weft.scheduler.capacity.root.default.capacity=70
      weft.scheduler.capacity.root.analytics.capacity=30
      weft.scheduler.capacity.root.analytics.maximum-capacity=50
      weft.scheduler.capacity.root.analytics.user-limit-factor=2
      """;
  private MiniWeftCluster cluster;
  private Path queueFile;

  @BeforeAll
  void startCluster(@TempDir Path workDir) throws Exception {
    queueFile = workDir.resolve("capacity-scheduler.properties");
    Files.writeString(queueFile, TWO_QUEUES);
    cluster = new MiniWeftCluster(workDir.resolve("cluster"), 1,
        WeftConfig.of(Map.of("weft.scheduler.queue-file", queueFile.toString())));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void queueStatus_printsTheConfiguredQueue() {
    CliRun run = cluster.cli("queue", "-status", "analytics");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("Queue Path : root.analytics", "State : RUNNING",
        "Capacity : 30.0% of parent, 30.0% of cluster", "Maximum Capacity : 50.0% of parent",
        "User Limit Factor : 2.0");
    CliRun missing = cluster.cli("queue", "-status", "nope");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("queue 'nope' does not exist");
  }

  @Test
  void refreshQueues_appliesAGoodFile_andRefusesABadOneWithTheReason() throws Exception {
    Files.writeString(queueFile, TWO_QUEUES.replace("default,analytics", "default,analytics,adhoc")
        .replace("default.capacity=70", "default.capacity=60")
        + "weft.scheduler.capacity.root.adhoc.capacity=10\n");
    CliRun ok = cluster.cli("rmadmin", "-refreshQueues");
    assertThat(ok.exit()).as("%s", ok).isZero();
    assertThat(ok.out()).contains("root.adhoc 10.0% (max 100.0%) RUNNING", "root.default 60.0%");

    Files.writeString(queueFile, TWO_QUEUES.replace("capacity=30", "capacity=ninety"));
    CliRun bad = cluster.cli("rmadmin", "-refreshQueues");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("root.analytics.capacity=ninety is refused: must be a number");
    assertThat(cluster.cli("queue", "-status", "adhoc").exit()).isZero();
  }

  @Test
  void moveToQueue_movesAnAcceptedApplication() {
    try (WeftClient client = cluster.client()) {
      ApplicationId id = client.createApplication().id();
      client.submitApplication(ApplicationSubmissionContext.newBuilder().applicationId(id)
          .applicationName("sleeper").queue("default").maxAppAttempts(1)
          .resource(Resource.of(512, 1))
          .amContainerSpec(ContainerLaunchContext.newBuilder().commands(List.of("sleep", "60")).build()).build());
      try {
        CliRun move = cluster.cli("application", "-movetoqueue", id.toString(), "-queue", "analytics");
        assertThat(move.exit()).as("%s", move).isZero();
        assertThat(client.getApplicationReport(id).getQueue()).isEqualTo("analytics");
        CliRun refused = cluster.cli("application", "-movetoqueue", id.toString(), "-queue", "nope");
        assertThat(refused.err()).contains("queue 'nope' does not exist; leaf queues are [default, analytics");
      } finally {
        client.killApplication(id);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> WeftClient.isFinal(client.getApplicationReport(id).getYarnApplicationState()));
    }
  }
}
