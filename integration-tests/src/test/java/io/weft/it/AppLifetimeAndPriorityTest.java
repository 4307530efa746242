package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.AppSubmission;
import io.weft.client.WeftClient;
import io.weft.client.cli.WeftCli;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
import io.weft.it.MiniWeftCluster.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application lifetime (given at submit, or set later with {@code application -updateLifetime}) enforced by the RM,
 * and {@code application -updatePriority} changing which pending application the scheduler serves first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppLifetimeAndPriorityTest {
  private static final String LIFETIME_EXCEEDED =
      "Application is killed by ResourceManager as it has exceeded the lifetime period.";
  /** The whole node (LocalCluster's default 8192 MB): one such AM at a time. */
  private static final Resource WHOLE_NODE = Resource.of(8192, 1);
  private MiniWeftCluster cluster;
  private WeftClient client;
  private final List<ApplicationId> submitted = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path dir) {
    cluster = new MiniWeftCluster(dir.resolve("cluster"), 1,
        WeftConfig.of(Map.of("weft.scheduler.capacity.maximum-am-resource-percent", "1")));
    client = cluster.client();
  }

  @AfterEach
  void killWhatIsLeft() {
    for (ApplicationId id : submitted) {
      client.killApplication(id);
    }
    for (ApplicationId id : submitted) {
      await().atMost(Duration.ofSeconds(30)).until(() -> WeftClient.isFinal(client.getApplicationReport(id).getYarnApplicationState()));
    }
    submitted.clear();
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private ApplicationId sleeper(String name, Resource am, Duration lifetime) {
    ApplicationId id = client.createApplication().id();
    AppSubmission.Builder app = AppSubmission.builder(id).name(name).maxAttempts(1).amResource(am)
        .command(List.of("sleep", "600"));
    if (lifetime != null) {
      app.lifetime(lifetime);
    }
    client.submitApplication(app.build());
    submitted.add(id);
    return id;
  }

  /** Its final report, waited for within a bound (without the lifetime it would sleep on for 10 minutes). */
  private ApplicationReport ended(ApplicationId id) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> client.getApplicationReport(id),
        r -> WeftClient.isFinal(r.getYarnApplicationState()));
  }

  @Test
  void lifetimeGivenAtSubmit_isShownAndEnforced() {
    ApplicationId id = sleeper("short-lived", Resource.of(256, 1), Duration.ofSeconds(3));
    CliRun status = cluster.cli("application", "-status", id.toString());
    assertThat(status.out()).containsPattern("Timeout-Type : LIFETIME,\\tExpiry-Time : 20\\S+,\\tRemaining-Time : "
        + "[0-3]seconds");
    ApplicationReport last = ended(id);
    assertThat(last.getYarnApplicationState()).isEqualTo(YarnApplicationState.KILLED);
    assertThat(last.getDiagnostics()).contains(LIFETIME_EXCEEDED);
    assertThat(last.getFinishTime() - last.getStartTime()).isBetween(3_000L, 10_000L);
  }

  @Test
  void submitConfLifetime_killsAClusterModeJobThatRunsLonger() {
    CliRun run = cluster.cli("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.SleepJob",
        "--conf", "weft.application.lifetime-secs=4", "--num-executors", "1", "--executor-memory", "512m",
        "--driver-memory", "512m", MiniWeftCluster.EXAMPLES_JAR.toString(), "120", "1");
    assertThat(run.exit()).as("%s", run).isEqualTo(1);
    assertThat(run.out()).contains("state KILLED").contains(LIFETIME_EXCEEDED);
  }

  @Test
  void submitConfLifetime_killsAClientModeJobThatRunsLonger_andItsDriverSaysWhy() {
    CliRun run = cluster.cli("submit", "--deploy-mode", "client", "--class", "io.weft.examples.SleepJob",
        "--conf", "weft.application.lifetime-secs=4", "--num-executors", "1", "--executor-memory", "512m",
        MiniWeftCluster.EXAMPLES_JAR.toString(), "120", "1");
    assertThat(run.exit()).as("%s", run).isEqualTo(1);
    assertThat(run.err()).contains("ended KILLED").contains(LIFETIME_EXCEEDED);
  }

  @Test
  void updateLifetime_killsAnApplicationThatHadNone() {
    ApplicationId id = sleeper("long-lived", Resource.of(256, 1), null);
    assertThat(cluster.cli("application", "-status", id.toString()).out())
        .contains("Timeout-Type : LIFETIME,\tExpiry-Time : UNLIMITED,\tRemaining-Time : -1seconds");
    CliRun update = cluster.cli("application", "-updateLifetime", "2", "-appId", id.toString());
    assertThat(update.exit()).as("%s", update).isZero();
    assertThat(update.out()).contains("Successfully updated LIFETIME of an application " + id + ". New expiry time is");
    ApplicationReport last = ended(id);
    assertThat(last.getYarnApplicationState()).isEqualTo(YarnApplicationState.KILLED);
    assertThat(last.getDiagnostics()).contains(LIFETIME_EXCEEDED);

    CliRun ended = cluster.cli("application", "-updateLifetime", "60", "-appId", id.toString());
    assertThat(ended.exit()).isEqualTo(1);
    assertThat(ended.err()).contains("application " + id + " is KILLED");
    CliRun noId = cluster.cli("application", "-updateLifetime", "60");
    assertThat(noId.exit()).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(noId.err()).contains("need -appId");
    CliRun negative = cluster.cli("application", "-updateLifetime", "-5", "-appId", id.toString());
    assertThat(negative.exit()).isEqualTo(WeftCli.USAGE_ERROR);
  }

  @Test
  void updatePriority_letsALaterApplicationRunFirst() {
    ApplicationId blocker = sleeper("blocker", WHOLE_NODE, null);
    await().atMost(Duration.ofSeconds(30)).until(() -> !client.getApplicationAttempts(blocker).isEmpty()
        && !client.getApplicationReport(blocker).getAmContainerId().isEmpty());
    ApplicationId first = sleeper("first", WHOLE_NODE, null);
    ApplicationId urgent = sleeper("urgent", WHOLE_NODE, null);

    CliRun update = cluster.cli("application", "-updatePriority", "10", "-appId", urgent.toString());
    assertThat(update.exit()).as("%s", update).isZero();
    assertThat(update.out()).contains("Successfully updated the application with id " + urgent + " with priority '10'");
    assertThat(cluster.cli("application", "-status", urgent.toString()).out()).contains("\tPriority : 10\n");

    client.killApplication(blocker);
    await().atMost(Duration.ofSeconds(30)).until(() -> !client.getApplicationReport(urgent).getAmContainerId()
        .isEmpty());
    assertThat(client.getApplicationReport(first).getAmContainerId()).as("the earlier one waits").isEmpty();

    CliRun unknown = cluster.cli("application", "-updatePriority", "1", "-appId",
        new ApplicationId(urgent.clusterTimestamp(), 9999).toString());
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("application_" + urgent.clusterTimestamp() + "_9999 is not known");
  }

  @Test
  void listByTags_showsOnlyTaggedApplications() {
    ApplicationId id = client.createApplication().id();
    client.submitApplication(AppSubmission.builder(id).name("tagged").tag("nightly").maxAttempts(1)
        .amResource(Resource.of(256, 1)).command(List.of("sleep", "600")).build());
    submitted.add(id);
    ApplicationId untagged = sleeper("untagged", Resource.of(256, 1), null);
    CliRun list = cluster.cli("application", "-list", "-appStates", "ALL", "-appTags", "nightly");
    assertThat(list.exit()).as("%s", list).isZero();
    assertThat(list.out()).contains("and tags: [nightly]):1", id.toString()).doesNotContain(untagged.toString());
  }
}
