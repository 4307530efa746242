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
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2's end-to-end path: {@code weft submit --deploy-mode cluster} runs Pi on a local cluster
 * of 2 NMs with real processes; bad input gets a clear error and the cluster keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PiClusterModeTest {
  private static final Duration APP_TIMEOUT = Duration.ofSeconds(90);

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

  private CliRun submit(String mainClass, String... argsAfterJar) {
    return submitWith(List.of(), mainClass, argsAfterJar);
  }

  /** Submits with the test's default sizes; {@code overrides} are flag/value pairs that replace them. */
  private CliRun submitWith(List<String> overrides, String mainClass, String... argsAfterJar) {
    Map<String, String> flags = new LinkedHashMap<>(Map.of("--deploy-mode", "cluster", "--class", mainClass,
        "--num-executors", "2", "--executor-memory", "512m", "--driver-memory", "512m"));
    for (int i = 0; i < overrides.size(); i += 2) {
      flags.put(overrides.get(i), overrides.get(i + 1));
    }
    List<String> args = new ArrayList<>(List.of("submit"));
    flags.forEach((flag, value) -> args.addAll(List.of(flag, value)));
    args.add(MiniWeftCluster.EXAMPLES_JAR.toString());
    args.addAll(List.of(argsAfterJar));
    return cluster.cli(args.toArray(String[]::new));
  }


  private ApplicationReport report(ApplicationId id) {
    try (WeftClient client = cluster.client()) {
      return client.getApplicationReport(id);
    }
  }

  private String driverStdout(ApplicationId id) throws IOException {
    Path log = ContainerLogs.amLog(cluster.cluster(), id, "stdout").orElseThrow();
    return Files.readString(log);
  }

  private void awaitNoContainerProcesses() {
    await("container processes of the cluster to exit").atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cluster.containerProcesses()).isEmpty());
  }

  private int applicationCount() {
    try (WeftClient client = cluster.client()) {
      return client.getApplications().size();
    }
  }

  /** Pi succeeds; used after every bad case to show the cluster still serves. */
  private ApplicationId assertPiSucceeds() throws IOException {
    CliRun run = submit("io.weft.examples.Pi", "4");
    assertThat(run.exit()).as("%s", run).isZero();
    ApplicationId id = run.submittedApplication();
    ApplicationReport report = report(id);
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    assertThat(driverStdout(id)).containsPattern("Pi is roughly 3\\.1");
    return id;
  }

  @Test
  void pi_inClusterMode_succeedsWithExecutorsOnBothNodes() throws IOException {
    CliRun run = submit("io.weft.examples.Pi", "10");

    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("Tracking URL: http://").contains("(state: FINISHED)");
    ApplicationId id = run.submittedApplication();
    ApplicationReport report = report(id);
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    assertThat(driverStdout(id)).containsPattern("Pi is roughly 3\\.1");
    for (int nm = 0; nm < 2; nm++) {
      assertThat(cluster.containerLogDirs(nm, id.toString()))
          .as("executor containers on NM %d", nm)
          .anyMatch(container -> !container.endsWith("_000001"));
    }
    awaitNoContainerProcesses();
  }

  @Test
  void executorMemoryAboveMaximum_isRefusedBeforeUploadNamingBothFigures() throws IOException {
    int before = applicationCount();
    CliRun run = submitWith(List.of("--executor-memory", "16g"), "io.weft.examples.Pi");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("executor memory 16384 MB").contains("exceeds the maximum allocation 8192 MB");
    assertThat(applicationCount()).isEqualTo(before);
    assertPiSucceeds();
  }

  @Test
  void missingJar_isRefusedBeforeSubmission() throws IOException {
    int before = applicationCount();
    CliRun run = cluster.cli("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.Pi",
        cluster.cluster().workDir().resolve("no-such.jar").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("no-such.jar does not exist");
    assertThat(applicationCount()).isEqualTo(before);
    assertPiSucceeds();
  }

  @Test
  void driverAddressExecutorsCannotReach_failsTheAppNamingIt() throws IOException {
    // The driver advertises its node's host, 127.0.0.1, but listens on 127.0.0.2 only: every executor is refused.
    // (A weft.driver.host from the submitting side does not count in cluster mode, as in Spark: the driver is on
    // a node, not on the client's host.)
    CliRun run = cluster.cli("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.Pi",
        "--num-executors", "2", "--executor-memory", "512m", "--driver-memory", "512m",
        "--conf", "weft.driver.host=client.example.com", "--conf", "weft.driver.bindAddress=127.0.0.2",
        MiniWeftCluster.EXAMPLES_JAR.toString(), "2");

    assertThat(run.exit()).as("%s", run).isEqualTo(1);
    ApplicationReport report = report(run.submittedApplication());
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FAILED);
    assertThat(report.getDiagnostics()).containsPattern("could not connect to the driver at 127\\.0\\.0\\.1:\\d+")
        .contains("weft.driver.host");
    awaitNoContainerProcesses();
    assertPiSucceeds();
  }

  @Test
  void zeroExecutors_isRefusedWithTheFlagNamed() throws IOException {
    CliRun run = submitWith(List.of("--num-executors", "0"), "io.weft.examples.Pi");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--num-executors must be at least 1, got 0");
    assertPiSucceeds();
  }

  @Test
  void mainClassNotInJar_endsFailedSayingWhy() throws IOException {
    CliRun run = submit("io.weft.examples.NoSuchMain");

    assertThat(run.exit()).as("%s", run).isNotZero();
    ApplicationReport report = report(run.submittedApplication());
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FAILED);
    assertThat(report.getDiagnostics()).contains("io.weft.examples.NoSuchMain");
    assertThat(run.out()).contains("io.weft.examples.NoSuchMain");
    assertPiSucceeds();
  }

  @Test
  void mainThatThrows_endsFailedWithTheException() throws IOException {
    CliRun run = submit("io.weft.examples.Pi", "0");

    assertThat(run.exit()).as("%s", run).isNotZero();
    ApplicationReport report = report(run.submittedApplication());
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FAILED);
    assertThat(report.getDiagnostics()).contains("IllegalArgumentException").contains("slices must be at least 1, got 0");
    assertPiSucceeds();
  }

  @Test
  void kill_endsKilledAndStopsItsProcesses() throws Exception {
    try (WeftClient client = cluster.client()) {
      var submitted = new java.util.concurrent.CompletableFuture<CliRun>();
      Thread submitter = new Thread(() -> submitted.complete(submit("io.weft.examples.SleepJob", "600", "2")));
      submitter.start();
      ApplicationId id = await("the sleep job to run").atMost(APP_TIMEOUT).until(
          () -> client.getApplications(EnumSet.of(YarnApplicationState.RUNNING)).stream()
              .filter(r -> r.getName().equals("io.weft.examples.SleepJob")).findFirst()
              .map(r -> r.getApplicationId()),
          java.util.Optional::isPresent).orElseThrow();

      CliRun kill = cluster.cli("application", "-kill", id.toString());

      assertThat(kill.exit()).as("%s", kill).isZero();
      await("the application to be KILLED").atMost(APP_TIMEOUT)
          .until(() -> client.getApplicationReport(id).getYarnApplicationState() == YarnApplicationState.KILLED);
      CliRun follow = submitted.get(APP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertThat(follow.exit()).isNotZero();
      assertThat(follow.out()).contains("(state: KILLED)");
      awaitNoContainerProcesses();
    }
    assertPiSucceeds();
  }
}
