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
import io.weft.driver.Pair;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shuffle jobs end to end on a cluster of 2 NMs: the same programs give the same results in local
 * and cluster mode; an executor killed in the middle of a shuffle job does not change the answer;
 * a task that always throws fails the application after 4 attempts with the user's message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShuffleJobsTest {
  private static final Duration APP_TIMEOUT = Duration.ofSeconds(120);

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

  private CliRun submitCluster(String mainClass, String... appArgs) {
    return submitCluster(List.of(), mainClass, appArgs);
  }

  private CliRun submitCluster(List<String> extra, String mainClass, String... appArgs) {
    List<String> args = new ArrayList<>(List.of("submit", "--deploy-mode", "cluster", "--class", mainClass,
        "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "512m", "--driver-memory", "512m"));
    args.addAll(extra);
    args.add(MiniWeftCluster.EXAMPLES_JAR.toString());
    args.addAll(List.of(appArgs));
    return cluster.cli(args.toArray(String[]::new));
  }

  /** Runs an example's main in this JVM with master local[2], loading it from the examples jar. */
  private static void runLocally(String mainClass, String... args) throws Exception {
    System.setProperty("weft.master", "local[2]");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {MiniWeftCluster.EXAMPLES_JAR.toUri().toURL()},
        ShuffleJobsTest.class.getClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      Method main = loader.loadClass(mainClass).getMethod("main", String[].class);
      main.invoke(null, (Object) args);
    } finally {
      Thread.currentThread().setContextClassLoader(ShuffleJobsTest.class.getClassLoader());
      System.clearProperty("weft.master");
    }
  }


  private ApplicationReport report(ApplicationId id) {
    try (WeftClient client = cluster.client()) {
      return client.getApplicationReport(id);
    }
  }

  private String driverStdout(ApplicationId id) throws IOException {
    return Files.readString(ContainerLogs.amLog(cluster.cluster(), id, "stdout").orElseThrow());
  }

  /** The part files of an output directory, concatenated in name order. */
  private static List<String> partLines(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
      assertThat(parts).as("part files in %s", dir).isNotEmpty();
      List<String> lines = new ArrayList<>();
      for (Path part : parts) {
        lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
      }
      return lines;
    }
  }

  @Test
  void wordCount_writesTheSameSortedCountsInLocalAndClusterMode() throws Exception {
    Path input = dataDir.resolve("words.txt");
    List<String> text = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      text.add("the quick brown fox " + (i % 11 == 0 ? "jumps" : "naps") + " over dog" + (i % 13) + " The END");
    }
    Files.write(input, text, StandardCharsets.UTF_8);
    Path localOut = dataDir.resolve("wc-local");
    Path clusterOut = dataDir.resolve("wc-cluster");

    runLocally("io.weft.examples.WordCount", input.toString(), localOut.toString(), "3");
    CliRun run = submitCluster("io.weft.examples.WordCount", input.toString(), clusterOut.toString(), "3");

    assertThat(run.exit()).as("%s", run).isZero();
    List<String> local = partLines(localOut);
    assertThat(partLines(clusterOut)).isEqualTo(local);
    assertThat(local).contains("the\t6000", "end\t3000", "jumps\t273", "naps\t2727", "dog0\t231");
    List<String> words = local.stream().map(line -> line.split("\t")[0]).toList();
    assertThat(words).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void salesByCountry_twoShuffles_printTheSameTotalsInLocalAndClusterMode() throws Exception {
    CliRun run = submitCluster("io.weft.examples.SalesByCountry", "500", "3");

    assertThat(run.exit()).as("%s", run).isZero();
    String expected = expectedSales(500);
    assertThat(driverStdout(run.submittedApplication())).contains(expected);
    java.io.PrintStream original = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      runLocally("io.weft.examples.SalesByCountry", "500", "3");
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains(expected);
  }

  /** What SalesByCountry computes, in memory. */
  static String expectedSales(int customers) {
    List<String> countries = List.of("BR", "DE", "FR", "IN", "JP", "KE", "NZ", "US");
    Map<String, Long> totals = new TreeMap<>();
    for (int order = 0; order < customers * 5; order++) {
      int customer = Math.floorMod(order * 17, customers);
      totals.merge(countries.get(Math.floorMod(customer * 31 + 7, countries.size())), (long) (order % 97) + 1,
          Long::sum);
    }
    StringBuilder lines = new StringBuilder();
    totals.forEach((country, total) -> lines.append(country).append('\t').append(total).append('\n'));
    return lines.toString();
  }

  @Test
  void executorKilledInTheMiddleOfAShuffleJob_theJobStillGivesTheRightAnswer() throws Exception {
    CompletableFuture<CliRun> submitted = CompletableFuture.supplyAsync(
        () -> submitCluster("io.weft.examples.FaultDemo", "slow", "1500"));
    ProcessHandle victim = await("an executor holding map output").atMost(APP_TIMEOUT)
        .pollInterval(Duration.ofMillis(100)).until(this::executorWithMapOutput, Optional::isPresent).orElseThrow();

    assertThat(victim.destroyForcibly()).isTrue(); // SIGKILL
    CliRun run = submitted.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(run.exit()).as("%s", run).isZero();
    Map<Integer, Long> sums = new TreeMap<>();
    IntStream.rangeClosed(1, 8000).forEach(x -> sums.merge(x % 5, (long) x, Long::sum));
    List<Pair<Integer, Long>> expected = sums.entrySet().stream().map(e -> Pair.of(e.getKey(), e.getValue())).toList();
    ApplicationId id = run.submittedApplication();
    assertThat(driverStdout(id)).contains("sum by key: " + expected);
    assertThat(Files.readString(ContainerLogs.amLog(cluster.cluster(), id, "stderr").orElseThrow()))
        .as("the driver noticed the loss")
        .containsPattern("executor \\S+ lost \\(\\d+ map output\\(s\\), \\d+ cached partition\\(s\\) with it\\)");
  }

  /** A live executor container process whose working dir already holds shuffle files. */
  private Optional<ProcessHandle> executorWithMapOutput() {
    for (ProcessHandle process : cluster.containerProcesses()) {
      Path shuffleDir = Path.of("/proc", Long.toString(process.pid()), "cwd", "weft-shuffle");
      try (Stream<Path> files = Files.list(shuffleDir)) {
        if (files.anyMatch(f -> f.getFileName().toString().endsWith(".data"))) {
          return Optional.of(process);
        }
      } catch (IOException | UncheckedIOException e) {
        // not an executor, or no shuffle output yet
      }
    }
    return Optional.empty();
  }

  @Test
  void jarsAndFiles_areStagedAndReachTheDriverAndEveryExecutor() throws IOException {
    Path table = Files.writeString(dataDir.resolve("colors.properties"), "red=#f00\n");
    Path extraJar = Files.copy(MiniWeftCluster.EXAMPLES_JAR, dataDir.resolve("extra.jar"));

    CliRun run = submitCluster(List.of("--jars", extraJar.toString(), "--files", table.toString()),
        "io.weft.examples.ShippedLookup", "colors.properties", "red", "blue");

    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(driverStdout(run.submittedApplication())).contains("red=#f00", "blue=?");
  }

  @Test
  void taskThatAlwaysThrows_failsTheApplicationAfterFourAttemptsWithTheUsersMessage() throws IOException {
    CliRun run = submitCluster("io.weft.examples.FaultDemo", "fail");

    assertThat(run.exit()).as("%s", run).isNotZero();
    ApplicationReport report = report(run.submittedApplication());
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FAILED);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FAILED);
    assertThat(report.getDiagnostics()).contains("IllegalStateException: deliberate failure on element")
        .contains("failed 4 times");
  }
}
