package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.ApplicationFilter;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress a person can see (issue 16, item 3) on a local cluster of 2 NMs with real processes: the
 * progress the AM reports to the RM, what cluster-mode {@code weft submit} prints while it waits
 * (progress, running containers, the driver's own output with {@code weft.submit.printDriverLog}),
 * and the client-mode console progress line on a terminal and not in a pipe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressVisibleTest {
  private static final Duration APP_TIMEOUT = Duration.ofSeconds(120);

  private MiniWeftCluster cluster;
  private Path workDir;

  @BeforeAll
  void startCluster(@TempDir Path workDir) {
    this.workDir = workDir;
    cluster = new MiniWeftCluster(workDir.resolve("cluster"), 2, WeftConfig.empty());
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private List<String> clusterSubmit(String name, String mainClass, List<String> conf, String... appArgs) {
    List<String> argv = new ArrayList<>(List.of("submit", "--deploy-mode", "cluster", "--class", mainClass,
        "--name", name, "--num-executors", "2", "--executor-memory", "512m", "--driver-memory", "512m"));
    conf.forEach(c -> argv.addAll(List.of("--conf", c)));
    argv.add(MiniWeftCluster.EXAMPLES_JAR.toString());
    argv.addAll(List.of(appArgs));
    return argv;
  }

  private CompletableFuture<CliRun> inBackground(List<String> argv) {
    CompletableFuture<CliRun> run = new CompletableFuture<>();
    Thread t = new Thread(() -> run.complete(cluster.cli(argv.toArray(String[]::new))), "submit");
    t.setDaemon(true);
    t.start();
    return run;
  }

  private ApplicationId awaitApp(WeftClient client, String name) {
    return await("application " + name).atMost(APP_TIMEOUT).until(
        () -> client.getApplications(ApplicationFilter.builder().build()).stream()
            .filter(r -> r.getName().equals(name)).findFirst().map(ApplicationReport::getApplicationId),
        Optional::isPresent).orElseThrow();
  }

  @Test
  void sleepJob_progressAtTheRm_risesMonotonicallyFromZeroToOne_andSubmitPrintsIt() throws Exception {
    // 8 tasks of 1 s on 2 executors of 1 core: about 4 s of tasks finishing two by two
    CompletableFuture<CliRun> run = inBackground(clusterSubmit("progress-sleep", "io.weft.examples.SleepJob",
        List.of(), "1", "8"));
    List<ApplicationReport> samples = new ArrayList<>();
    try (WeftClient client = cluster.client()) {
      ApplicationId id = awaitApp(client, "progress-sleep");
      await("progress-sleep to end; samples " + samples.size()).atMost(APP_TIMEOUT)
          .pollInterval(Duration.ofMillis(100)).until(() -> {
            ApplicationReport r = client.getApplicationReport(id);
            samples.add(r);
            return r.getYarnApplicationState() == YarnApplicationState.FINISHED
                || r.getYarnApplicationState() == YarnApplicationState.FAILED
                || r.getYarnApplicationState() == YarnApplicationState.KILLED;
          });
    }
    List<Float> progress = samples.stream().map(ApplicationReport::getProgress).toList();
    assertThat(progress).as("progress sampled at the RM").isSorted();
    assertThat(progress.get(0)).isZero();
    assertThat(progress.get(progress.size() - 1)).isEqualTo(1f);
    assertThat(samples).as("a report while it ran shows some of its tasks done (not a constant)")
        .anySatisfy(r -> {
          assertThat(r.getYarnApplicationState()).isEqualTo(YarnApplicationState.RUNNING);
          assertThat(r.getProgress()).isStrictlyBetween(0f, 1f);
        });

    CliRun done = run.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.exit()).as("%s", done).isZero();
    ApplicationId id = done.submittedApplication();
    assertThat(done.out()).containsPattern("Application " + id + " progress: \\d+%, running containers: \\d+")
        .contains("The driver's output: weft logs -applicationId " + id + " -am 1");
    assertThat(done.out().lines().filter(l -> l.contains("(state: RUNNING)")).count())
        .as("each state printed once").isEqualTo(1);
  }

  @Test
  void printDriverLog_streamsTheDriversOutputWhileSubmitWaits() throws Exception {
    CliRun run = cluster.cli(clusterSubmit("progress-pi-log", "io.weft.examples.Pi",
        List.of("weft.submit.printDriverLog=true"), "4").toArray(String[]::new));

    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).containsPattern("Pi is roughly 3\\.1")
        .contains("The driver's output: weft logs -applicationId " + run.submittedApplication() + " -am 1");
    // the driver's line is printed once, though its log is read again and again
    assertThat(run.out().lines().filter(l -> l.contains("Pi is roughly")).count()).isEqualTo(1);
  }

  @Test
  void clientModeSubmit_drawsTheStageLineOnATerminal_notInAPipe_andItsProgressReachesTheRm() throws Exception {
    assertThat(Path.of("/usr/bin/script")).as("util-linux script, which gives the client a pseudo-terminal")
        .isExecutable();
    Path dir = Files.createDirectories(workDir.resolve("client-mode"));

    // `script -qfc CMD /dev/null` runs CMD on a new pseudo-terminal and copies what it draws to its stdout
    Process onTerminal = clientJvm(dir, List.of("/usr/bin/script", "-qfc", String.join(" ",
        clientCommand()), "/dev/null"));
    CompletableFuture<String> drawnText = outputOf(onTerminal);
    // the driver sends its progress to the ExecutorLauncher AM, which reports it to the RM
    List<Float> progress = sampleProgress("SleepJob"); // the name its main sets; the only one in this class
    String drawn = output(onTerminal, drawnText);
    assertThat(drawn).as(drawn).contains("Slept in 6 tasks").containsPattern("\\[Stage 0:[=> ]*\\(\\d \\+ \\d\\) / 6\\]")
        .contains("\r[Stage 0:");
    assertThat(progress).as("client-mode progress sampled at the RM").isSorted().last().isEqualTo(1f);
    assertThat(progress).anySatisfy(p -> assertThat(p).isStrictlyBetween(0f, 1f));

    Process inPipe = clientJvm(dir, clientCommand());
    String piped = output(inPipe, outputOf(inPipe));
    assertThat(piped).as(piped).contains("Slept in 6 tasks").doesNotContain("[Stage ");
  }

  /** The RM's progress of application {@code name} until it ends, sampled every 100 ms. */
  private List<Float> sampleProgress(String name) {
    List<Float> samples = new ArrayList<>();
    try (WeftClient client = cluster.client()) {
      ApplicationId id = awaitApp(client, name);
      await(name + " to end; samples " + samples).atMost(APP_TIMEOUT).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            ApplicationReport r = client.getApplicationReport(id);
            samples.add(r.getProgress());
            return r.getYarnApplicationState() == YarnApplicationState.FINISHED
                || r.getYarnApplicationState() == YarnApplicationState.FAILED
                || r.getYarnApplicationState() == YarnApplicationState.KILLED;
          });
    }
    return samples;
  }

  /** {@code weft submit} in client mode as bin/weft starts it: a JVM of its own running WeftCli. */
  private List<String> clientCommand() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-XX:+UseSerialGC", "-Dweft.resourcemanager.address=" + cluster.cluster().rmAddress(),
        "io.weft.client.cli.WeftCli", "submit", "--master", "weft", "--class", "io.weft.examples.SleepJob",
        "--num-executors", "2", "--executor-memory", "512m", MiniWeftCluster.EXAMPLES_JAR.toString(), "1", "6");
  }

  private static Process clientJvm(Path dir, List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    builder.environment().remove("WEFT_HOME");
    builder.environment().remove("WEFT_CONF_DIR");
    builder.environment().remove("WEFT_OPTS");
    builder.environment().remove(io.weft.driver.console.Terminal.STDERR_TERMINAL_ENV);
    return builder.start();
  }

  private static CompletableFuture<String> outputOf(Process process) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private static String output(Process process, CompletableFuture<String> text) throws Exception {
    try {
      assertThat(process.waitFor(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("client ended").isTrue();
      return text.get(10, TimeUnit.SECONDS);
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
