package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft distributed-shell} on a 2-NM cluster of real processes: output in each container's
 * log, the AM's summary of exit codes in the diagnostics, the exit code, and bad input refused
 * before anything is submitted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedShellTest {
  private static final Duration APP_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern SUBMITTED = Pattern.compile("Submitted application (application_\\d+_\\d+)");

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

  private CliRun shell(String... flags) {
    List<String> args = new ArrayList<>(List.of("distributed-shell"));
    args.addAll(List.of(flags));
    if (!args.contains("--container-memory")) {
      args.addAll(List.of("--container-memory", "256m"));
    }
    return cluster.cli(args.toArray(String[]::new));
  }

  private ApplicationReport report(CliRun run) {
    Matcher m = SUBMITTED.matcher(run.out());
    assertThat(m.find()).as("printed the application id\n%s", run).isTrue();
    try (WeftClient client = cluster.client()) {
      return client.getApplicationReport(ApplicationId.parse(m.group(1)));
    }
  }

  /** The stdout of every container of the application but the AM's, across both NMs. */
  private List<String> containerStdouts(String appId) {
    List<String> outputs = new ArrayList<>();
    for (int nm = 0; nm < 2; nm++) {
      Path appLogs = cluster.cluster().workDir().resolve("nm-" + nm).resolve("logs").resolve(appId);
      for (String container : cluster.containerLogDirs(nm, appId)) {
        if (!container.endsWith("_000001")) {
          outputs.add(read(appLogs.resolve(container).resolve("stdout")));
        }
      }
    }
    return outputs;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int applicationCount() {
    try (WeftClient client = cluster.client()) {
      return client.getApplications().size();
    }
  }

  @Test
  void command_runsInEveryContainer_withItsOutputInTheContainerLogs() {
    CliRun run = shell("--num-containers", "4", "--shell-command", "echo \"$GREETING from $CONTAINER_ID\"",
        "--shell-env", "GREETING=hello");

    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("state FINISHED, final status SUCCEEDED").contains("4 containers: 4 succeeded");
    ApplicationReport report = report(run);
    assertThat(report.getDiagnostics()).isEqualTo("4 containers: 4 succeeded");
    assertThat(report.getApplicationType()).isEqualTo("DISTRIBUTED_SHELL");
    List<String> stdouts = containerStdouts(report.getApplicationId().toString());
    assertThat(stdouts).hasSize(4).allMatch(out -> out.matches("hello from container_\\d+_\\d+_01_\\d+\\n"));
  }

  @Test
  void script_isStagedAndRunWithItsArguments() throws IOException {
    Path script = Files.writeString(workDir.resolve("greet.sh"), "echo \"script says $1 $2\"\n");

    CliRun run = shell("--num-containers", "2", "--shell-script", script.toString(), "--shell-args", "hi there");

    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(containerStdouts(report(run).getApplicationId().toString())).containsExactly("script says hi there\n",
        "script says hi there\n");
  }

  @Test
  void commandFailingInOneContainer_endsFailedWithTheSummaryAndExitsNonZero() {
    Path marker = workDir.resolve("first-container");
    CliRun run = shell("--num-containers", "4", "--shell-command", "mkdir " + marker + " && exit 2 || true");

    assertThat(run.exit()).as("%s", run).isEqualTo(1);
    ApplicationReport report = report(run);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FAILED);
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FAILED);
    assertThat(report.getDiagnostics())
        .matches("4 containers: 3 succeeded, 1 failed \\(container_\\d+_\\d+_01_\\d+: exit 2\\)");
    assertThat(run.out()).contains(report.getDiagnostics());
  }

  @Test
  void badInput_isRefusedBeforeSubmittingNamingTheValue() {
    int before = applicationCount();
    record Case(List<String> flags, String message) {}
    List<Case> cases = List.of(
        new Case(List.of("--num-containers", "0", "--shell-command", "true"),
            "--num-containers must be at least 1, got 0"),
        new Case(List.of("--num-containers", "-3", "--shell-command", "true"),
            "--num-containers must be at least 1, got -3"),
        new Case(List.of("--shell-script", workDir.resolve("missing.sh").toString()), "missing.sh does not exist"),
        new Case(List.of("--shell-command", "true", "--container-memory", "16g"),
            "container memory 16384 MB exceeds the maximum allocation 8192 MB"),
        new Case(List.of("--shell-command", "true", "--container-vcores", "0"),
            "--container-vcores must be at least 1, got 0"),
        new Case(List.of("--shell-command", "true", "--shell-script", "/etc/hostname"),
            "give exactly one of --shell-command and --shell-script"),
        new Case(List.of("--num-containers", "2"), "give exactly one of --shell-command and --shell-script"),
        new Case(List.of("--shell-command", "true", "--shell-env", "NOVALUE"),
            "--shell-env 'NOVALUE' is not of the form key=value"),
        new Case(List.of("--shell-command", "true", "--shell-env", "1BAD=x"),
            "--shell-env name '1BAD' is not a shell variable name"),
        new Case(List.of("--shell-command", "true", "--master", "local[2]"), "the distributed shell needs one"),
        new Case(List.of("--shell-command", "true", "--timeout", "0"), "--timeout must be positive, got 0 ms"));
    for (Case c : cases) {
      CliRun run = shell(c.flags().toArray(String[]::new));
      assertThat(run.exit()).as("%s\n%s", c.flags(), run).isEqualTo(2);
      assertThat(run.err()).as("%s", c.flags()).contains(c.message());
    }
    assertThat(applicationCount()).isEqualTo(before);
  }

  @Test
  void amKilled_withKeepContainersAcrossAttempts_theNextAttemptAdoptsTheRunningContainers() throws Exception {
    Path markers = Files.createDirectories(workDir.resolve("keep-markers"));
    Path gate = workDir.resolve("keep-gate");
    String name = "keep-across-attempts";
    CompletableFuture<CliRun> submitted = CompletableFuture.supplyAsync(() -> shell("--num-containers", "2",
        "--keep-containers-across-attempts", "--name", name, "--shell-command",
        "touch " + markers + "/$CONTAINER_ID; while [ ! -e " + gate + " ]; do sleep 0.1; done"));
    try {
      await().atMost(APP_TIMEOUT).until(() -> list(markers).size() == 2);
      ApplicationReport running = applicationNamed(name);
      String amContainer = running.getAmContainerId().orElseThrow().toString();
      assertThat(amContainer).endsWith("_01_000001");

      List<ProcessHandle> am = processesIn(amContainer);
      assertThat(am).isNotEmpty();
      am.forEach(ProcessHandle::destroyForcibly); // SIGKILL
      await().atMost(APP_TIMEOUT).until(() -> applicationNamed(name),
          r -> r.getCurrentApplicationAttemptId().map(a -> a.attempt() == 2).orElse(false) && !r.getHost().isBlank());
    } finally {
      Files.writeString(gate, "");
    }
    CliRun run = submitted.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(report(run).getDiagnostics()).isEqualTo("2 containers: 2 succeeded");
    assertThat(list(markers)).as("each worker started once, by the first attempt").hasSize(2)
        .allMatch(id -> id.matches("container_\\d+_\\d+_01_\\d+"));
  }

  private ApplicationReport applicationNamed(String name) {
    try (WeftClient client = cluster.client()) {
      return client.getApplications().stream()
          .filter(r -> r.getName().equals(name)).findFirst().orElseThrow();
    }
  }

  /** The live processes of container {@code containerId}: those whose working dir is its own. */
  private List<ProcessHandle> processesIn(String containerId) {
    return cluster.containerProcesses().stream().filter(p -> {
      try {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).getFileName().toString()
            .equals(containerId);
      } catch (IOException e) {
        return false; // it ended meanwhile
      }
    }).toList();
  }

  private static List<String> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
