package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.AppSubmission;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.JvmContainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ApplicationMaster written against the public AM API (the examples' TrueAm, shipped in its own
 * jar the way a framework ships its AM) is submitted through {@link AppSubmission} with its own launch
 * context, runs N containers on a 2-NM cluster of real processes, and unregisters with their summary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomAmTest {
  private MiniWeftCluster cluster;

  @BeforeAll
  void startCluster(@TempDir Path workDir) {
    cluster = new MiniWeftCluster(workDir, 2, WeftConfig.empty());
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private ApplicationReport runTrueAm(String... amArgs) {
    try (WeftClient client = cluster.client()) {
      WeftClient.NewApplication app = client.createApplication();
      client.submitApplication(AppSubmission.builder(app.id())
          .name("custom AM").applicationType("TRUE_AM")
          .amResource(JvmContainer.resourceFor(256, 1))
          .localResource("am.jar", client.uploadFile(app.id(), MiniWeftCluster.EXAMPLES_JAR))
          .javaCommand(256, List.of("{{PWD}}/am.jar"), "io.weft.examples.am.TrueAm", List.of(amArgs))
          .build());
      return client.watch(app.id(), report -> {});
    }
  }

  @Test
  void customAm_runsItsContainersAndUnregistersWithTheirSummary() {
    ApplicationReport report = runTrueAm("--num-containers", "3", "--container-memory-mb", "512",
        "--command", "echo hello from $CONTAINER_ID");

    assertThat(report.getYarnApplicationState()).as(report.getDiagnostics()).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    assertThat(report.getApplicationType()).isEqualTo("TRUE_AM");
    assertThat(report.getDiagnostics()).startsWith("3 containers: 3 succeeded; since submission: registered ");
    ApplicationId id = report.getApplicationId();
    List<String> containers = new java.util.ArrayList<>(cluster.containerLogDirs(0, id.toString()));
    containers.addAll(cluster.containerLogDirs(1, id.toString()));
    assertThat(containers).as("AM + 3 containers").hasSize(4);
    await("container processes to exit").atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cluster.containerProcesses()).isEmpty());
  }

  @Test
  void customAm_whoseCommandFails_endsFailedNamingTheExitCode() {
    ApplicationReport report = runTrueAm("--num-containers", "2", "--command", "exit 3");

    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FAILED);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FAILED);
    String failed = "container_\\d+_\\d+_01_\\d+: exit 3";
    assertThat(report.getDiagnostics()).containsPattern(
        "^2 containers: 0 succeeded, 2 failed \\(" + failed + "; " + failed + "\\)");
  }
}
