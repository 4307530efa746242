package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.driver.Dataset;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import io.weft.driver.WeftJobException;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;

/**
 * {@code weft submit --deploy-mode client} on a cluster of 2 NMs: the driver runs in the
 * submitting JVM, an ExecutorLauncher AM gets its executors, which fetch the user jar from the
 * driver. Same answers as the other modes; failures end in a non-zero exit with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientModeTest {
  private MiniWeftCluster cluster;
  private Path dataDir;

  @BeforeAll
  void startCluster(@TempDir Path workDir, @TempDir Path data) {
    cluster = new MiniWeftCluster(workDir, 2, WeftConfig.empty());
    dataDir = data;
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Runs submit in client mode, capturing what the user's main prints to System.out too. */
  private CliRun submitClient(List<String> extra, String mainClass, String... appArgs) {
    List<String> args = new ArrayList<>(List.of("submit", "--deploy-mode", "client", "--class", mainClass,
        "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "512m"));
    args.addAll(extra);
    args.add(MiniWeftCluster.EXAMPLES_JAR.toString());
    args.addAll(List.of(appArgs));
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    CliRun run;
    try {
      run = cluster.cli(args.toArray(String[]::new));
    } finally {
      System.setOut(original);
    }
    return new CliRun(run.exit(), run.out() + captured.toString(StandardCharsets.UTF_8), run.err());
  }

  private void awaitNoContainerProcesses() {
    await("container processes to exit").atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cluster.containerProcesses()).isEmpty());
  }

  private static List<String> partLines(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> lines = new ArrayList<>();
      for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
      }
      return lines;
    }
  }

  @Test
  void wordCount_inClientMode_writesTheSameCountsAsComputedInMemory() throws IOException {
    Path input = dataDir.resolve("words.txt");
    List<String> text = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      text.add("alpha beta " + (i % 3 == 0 ? "gamma" : "delta") + " w" + (i % 17));
    }
    Files.write(input, text, StandardCharsets.UTF_8);
    Path out = dataDir.resolve("wc-client");

    CliRun run = submitClient(List.of(), "io.weft.examples.WordCount", input.toString(), out.toString(), "3");

    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("ExecutorLauncher AM container of 896 MB (512 MB + 384 MB overhead)")
        .contains("2 executor container(s) of 896 MB (512 MB + 384 MB overhead)");
    Map<String, Long> expected = new TreeMap<>();
    text.forEach(line -> {
      for (String word : line.split(" ")) {
        expected.merge(word, 1L, Long::sum);
      }
    });
    List<String> expectedLines = expected.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()).toList();
    assertThat(partLines(out)).isEqualTo(expectedLines);
    awaitNoContainerProcesses();
  }

  @Test
  void salesByCountry_inClientMode_printsTheSameTotalsAsTheOtherModes() {
    CliRun run = submitClient(List.of(), "io.weft.examples.SalesByCountry", "500", "3");

    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains(ShuffleJobsTest.expectedSales(500));
    assertThat(run.out()).containsPattern("Tracking URL: http://" + java.util.regex.Pattern.quote(
        cluster.cluster().rmWebAddress().toString()) + "/proxy/application_\\d+_\\d+/ \\(driver UI http://");
  }

  @Test
  void filesGivenWithDashDashFiles_areInEveryExecutorsWorkingDirectory() throws IOException {
    Path table = Files.writeString(dataDir.resolve("lookup.properties"), "red=#f00\ngreen=#0f0\n");

    CliRun run = submitClient(List.of("--files", table.toString()), "io.weft.examples.ShippedLookup",
        "lookup.properties", "red", "green", "blue");

    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("red=#f00", "green=#0f0", "blue=?");
  }

  @Test
  void programmaticContext_withMasterWeftUrl_runsJobs_andCollectOverTheLimitFailsOnlyThatJob() {
    WeftConf conf = new WeftConf(false).setMaster("weft://" + cluster.cluster().rmAddress()).setAppName("programmatic")
        .set("weft.executor.instances", "2").set("weft.executor.memory", "512m")
        .set("weft.driver.maxResultSize", "1m");
    List<String> big = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "x".repeat(100_000)).toList();
    String appId;
    try (WeftContext context = new WeftContext(conf)) {
      appId = context.applicationId();
      Dataset<String> data = context.parallelize(big, 3);

      assertThatThrownBy(data::collect).isInstanceOf(WeftJobException.class)
          .hasMessageContaining("exceeds weft.driver.maxResultSize (1048576 bytes)");
      assertThat(data.count()).isEqualTo(30);
      assertThat(context.parallelize(List.of("a", "b", "c"), 2).collect()).containsExactly("a", "b", "c");

      // the ExecutorLauncher registered this driver's UI as the tracking URL: the RM's proxy reaches it
      String trackingUrl;
      try (WeftClient client = cluster.client()) {
        ApplicationReport running = client.getApplicationReport(ApplicationId.parse(appId));
        assertThat(running.getOriginalTrackingUrl()).isEqualTo(context.uiWebUrl().orElseThrow());
        trackingUrl = running.getTrackingUrl();
      }
      assertThat(trackingUrl).isEqualTo("http://" + cluster.cluster().rmWebAddress() + "/proxy/" + appId + "/");
      assertThat(Http.get(trackingUrl + "api/v1/jobs")).contains("\"status\":\"FAILED\"")
          .contains("\"name\":\"count at ClientModeTest.java");
    }
    try (WeftClient client = cluster.client()) {
      ApplicationReport report = client.getApplicationReport(ApplicationId.parse(appId));
      assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
      assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    }
    awaitNoContainerProcesses();
  }

  @Test
  void launcherKilledMidJob_theDriverWaitsForTheNextAttempt_andTheJobSucceeds() throws Exception {
    java.util.concurrent.CompletableFuture<CliRun> submit = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> submitClient(List.of(), "io.weft.examples.FaultDemo", "slow", "3000"));
    ApplicationId app;
    try (WeftClient client = cluster.client()) {
      app = await("the application").atMost(Duration.ofSeconds(60)).until(() -> client.getApplications().stream()
          .filter(r -> r.getName().equals("FaultDemo slow")).map(r -> r.getApplicationId())
          .findFirst(), java.util.Optional::isPresent).orElseThrow();
      String containerPrefix = "container_" + app.toString().substring("application_".length()) + "_01_";
      await("the launcher and both executors").atMost(Duration.ofSeconds(60)).until(() -> cluster.containerProcesses()
          .stream().map(ClientModeTest::cwdName).filter(name -> name.startsWith(containerPrefix)).distinct().count() >= 3);

      cluster.containerProcesses().stream().filter(p -> cwdName(p).equals(containerPrefix + "000001"))
          .forEach(ProcessHandle::destroyForcibly); // SIGKILL, mid-job

      CliRun run = submit.get(5, java.util.concurrent.TimeUnit.MINUTES);
      assertThat(run.exit()).as("%s", run).isZero();
      Map<Integer, Long> expected = new TreeMap<>();
      for (int x = 1; x <= 8000; x++) {
        expected.merge(x % 5, (long) x, Long::sum);
      }
      assertThat(run.out()).contains("sum by key: " + expected.entrySet().stream()
          .map(e -> e.getKey() + "\t" + e.getValue()).toList());
      assertThat(client.getApplicationReport(app).getCurrentApplicationAttemptId()).map(Object::toString)
          .hasValueSatisfying(attempt -> assertThat(attempt).endsWith("_000002"));
    }
    awaitNoContainerProcesses();
  }

  @Test
  void contextStoppedBetweenLauncherAttempts_theNextAttemptUnregistersSucceeded() {
    WeftConf conf = new WeftConf(false).setMaster("weft://" + cluster.cluster().rmAddress())
        .setAppName("stopped between attempts").set("weft.executor.instances", "1").set("weft.executor.memory", "512m");
    ApplicationId app;
    try (WeftContext context = new WeftContext(conf); WeftClient client = cluster.client()) {
      app = ApplicationId.parse(context.applicationId());
      assertThat(context.parallelize(List.of(1, 2, 3), 2).count()).isEqualTo(3);
      String launcher = "container_" + app.toString().substring("application_".length()) + "_01_000001";
      cluster.containerProcesses().stream().filter(p -> cwdName(p).equals(launcher))
          .forEach(ProcessHandle::destroyForcibly);
      // the context stops as soon as the RM has started the next attempt, before that attempt dials back
      await("the second attempt").atMost(Duration.ofSeconds(60)).until(
          () -> client.getApplicationReport(app).getCurrentApplicationAttemptId()
              .filter(attempt -> attempt.toString().endsWith("_000002")).isPresent());
    }
    try (WeftClient client = cluster.client()) {
      ApplicationReport report = await("the application's end").atMost(Duration.ofSeconds(60)).until(
          () -> client.getApplicationReport(app), r -> r.getYarnApplicationState() == YarnApplicationState.FINISHED
              || r.getYarnApplicationState() == YarnApplicationState.FAILED || r.getYarnApplicationState() == YarnApplicationState.KILLED);
      assertThat(report.getFinalApplicationStatus()).as("%s", report).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    }
    awaitNoContainerProcesses();
  }

  @Test
  void applicationKilledBetweenJobs_theNextJobFailsNamingTheEnd_ratherThanWaitingForExecutors() throws Exception {
    WeftConf conf = new WeftConf(false).setMaster("weft://" + cluster.cluster().rmAddress())
        .setAppName("killed between jobs").set("weft.executor.instances", "1").set("weft.executor.memory", "512m");
    try (WeftContext context = new WeftContext(conf); WeftClient client = cluster.client()) {
      ApplicationId app = ApplicationId.parse(context.applicationId());
      assertThat(context.parallelize(List.of(1, 2, 3), 2).count()).isEqualTo(3);
      client.killApplication(app);
      await("the kill").atMost(Duration.ofSeconds(30))
          .until(() -> client.getApplicationReport(app).getYarnApplicationState() == YarnApplicationState.KILLED);

      // no executor can come now: the job must end, not wait for one
      java.util.concurrent.CompletableFuture<Long> next = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> context.parallelize(List.of(1, 2, 3), 2).count());
      await("the next job's end").atMost(Duration.ofSeconds(60)).until(next::isDone);
      assertThatThrownBy(next::join).hasCauseInstanceOf(WeftJobException.class)
          .hasMessageContaining("the ExecutorLauncher " + app + " ended KILLED");
    }
    awaitNoContainerProcesses();
  }

  private static String cwdName(ProcessHandle process) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")).getFileName().toString();
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void taskThatAlwaysThrows_makesSubmitExitNonZeroWithTheUsersMessage() {
    CliRun run = submitClient(List.of(), "io.weft.examples.FaultDemo", "fail");

    assertThat(run.exit()).as("%s", run).isEqualTo(1);
    assertThat(run.err()).contains("IllegalStateException: deliberate failure on element").contains("failed 4 times");
  }

  @Test
  void unreachableAdvertisedDriverAddress_failsNamingIt() {
    CliRun run = submitClient(List.of("--conf", "weft.driver.host=192.0.2.1", "--conf",
        "weft.driver.bindAddress=127.0.0.1"), "io.weft.examples.Pi", "2");

    assertThat(run.exit()).as("%s", run).isEqualTo(1);
    assertThat(run.err()).containsPattern("(did not connect to|before it connected to) the driver at 192\\.0\\.2\\.1:\\d+");
    awaitNoContainerProcesses();
  }
}
