package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.am.client.AmRmClient;
import io.weft.am.client.FinalApplicationStatus;
import io.weft.client.AppSubmission;
import io.weft.client.UnmanagedAmLauncher;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationAttemptReport;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.YarnApplicationAttemptState;
import io.weft.client.records.YarnApplicationState;
import io.weft.client.submit.DistributedShellSubmitter;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * Unmanaged AMs on a 2-NM cluster of real processes: the distributed shell's AM run by its client (as a child
 * process, and through the CLI), an AM run inside the test JVM, an AM killed with SIGKILL, and a kill.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnmanagedAmTest {
  /** Short enough to wait for, long enough for a child JVM to start on a busy machine before it registers. */
  private static final Duration AM_EXPIRY = Duration.ofSeconds(10);
  private static final Duration APP_TIMEOUT = Duration.ofSeconds(90);

  private MiniWeftCluster cluster;
  private Path workDir;
  private final List<Process> amProcesses = new ArrayList<>();

  @BeforeAll
  void startCluster(@TempDir Path workDir) {
    this.workDir = workDir;
    cluster = new MiniWeftCluster(workDir.resolve("cluster"), 2, WeftConfig.of(Map.of(
        "weft.resourcemanager.am.liveness-monitor.expiry-interval-ms", Long.toString(AM_EXPIRY.toMillis()))));
  }

  @AfterEach
  void stopAms() {
    amProcesses.forEach(Process::destroyForcibly);
    amProcesses.clear();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The container directories of {@code appId} on both NMs. */
  private List<String> containersOnNodes(String appId) {
    List<String> all = new ArrayList<>(cluster.containerLogDirs(0, appId));
    all.addAll(cluster.containerLogDirs(1, appId));
    return all;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A distributed shell of {@code containers} containers running {@code command}, its AM a child of this JVM. */
  private DistributedShellSubmitter.UnmanagedShell shell(WeftClient client, int containers, String command,
      String name) {
    var options = new DistributedShellSubmitter.Options(containers, 256, 1, 0, command, null, "", Map.of(),
        "default", name, false);
    var shell = new DistributedShellSubmitter(client, new PrintStream(new ByteArrayOutputStream()))
        .submitUnmanaged(options, new UnmanagedAmLauncher(client, cluster.cluster().clientConfig()),
            System.getProperty("java.class.path"), workDir.resolve(name));
    amProcesses.add(shell.am());
    return shell;
  }

  private static ApplicationReport awaitState(WeftClient client, ApplicationId id, YarnApplicationState state) {
    return await(id + " " + state).atMost(APP_TIMEOUT)
        .until(() -> client.getApplicationReport(id), r -> r.getYarnApplicationState() == state);
  }

  @Test
  void distributedShellCli_withUnmanagedAm_runsEveryContainerOnTheNodes_andNoAmContainer() {
    CliRun run = cluster.cli("distributed-shell", "--unmanaged", "--num-containers", "3",
        "--container-memory", "256m", "--shell-command", "echo \"hello from $CONTAINER_ID\"");

    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("with an unmanaged AM").contains("state FINISHED, final status SUCCEEDED")
        .contains("3 containers: 3 succeeded");
    assertThat(run.err()).as("the AM exited after its application ended: nothing to kill").doesNotContain("unmanaged AM");
    ApplicationId id = run.submittedApplication();
    java.util.regex.Matcher output = java.util.regex.Pattern.compile("output in (\\S+)").matcher(run.out());
    assertThat(output.find()).as("%s", run).isTrue();
    assertThat(Path.of(output.group(1))).as("the AM's output of a success is deleted").doesNotExist();
    try (WeftClient client = cluster.client()) {
      ApplicationReport report = client.getApplicationReport(id);
      assertThat(report.isUnmanagedApp()).isTrue();
      assertThat(report.getAmContainerId()).isEmpty();
      assertThat(report.getAMRMToken()).as("no token once it ended").isEmpty();
      assertThat(client.getApplicationAttempts(id)).singleElement().satisfies(a -> {
        assertThat(a.getYarnApplicationAttemptState()).isEqualTo(YarnApplicationAttemptState.FINISHED);
        assertThat(a.getAMContainerId()).isEmpty();
      });
    }
    CliRun status = cluster.cli("application", "-status", id.toString());
    assertThat(status.out()).as("%s", status).contains("Unmanaged Application : true")
        .contains("AM Container : N/A");
    String rest = Http.get(cluster.cluster().rmWebUrl() + "/ws/v1/cluster/apps/" + id);
    assertThat(rest).contains("\"unmanagedApplication\":true").contains("\"amContainerLogs\":\"\"");
    // Three containers ran on the nodes, each the shell's: a managed AM would have been a fourth.
    String appId = id.toString();
    List<String> containers = containersOnNodes(appId);
    assertThat(containers).hasSize(3).noneMatch(c -> c.endsWith("_000001"));
    for (int nm = 0; nm < 2; nm++) {
      Path logs = cluster.cluster().workDir().resolve("nm-" + nm).resolve("logs").resolve(appId);
      for (String container : cluster.containerLogDirs(nm, appId)) {
        assertThat(read(logs.resolve(container).resolve("stdout"))).isEqualTo("hello from " + container + "\n");
      }
    }
  }

  @Test
  void anAmInThisJvm_registersAndUnregisters_withTheLaunchersEnvironment() {
    try (WeftClient client = cluster.client()) {
      ApplicationId id = client.createApplication().id();
      UnmanagedAmLauncher.Launch launch = new UnmanagedAmLauncher(client, cluster.cluster().clientConfig())
          .submit(AppSubmission.builder(id).name("in-process").unmanaged().build());
      assertThat(launch.amContainerId().toString()).endsWith("_01_000000");

      try (AmRmClient am = AmRmClient.fromEnvironment(launch.environment())) {
        am.registerApplicationMaster("in-process-am", 0, "");
        assertThat(client.getApplicationReport(id).getYarnApplicationState()).isEqualTo(YarnApplicationState.RUNNING);
        assertThat(am.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "ran in the test JVM", ""))
            .isTrue();
      }

      ApplicationReport done = awaitState(client, id, YarnApplicationState.FINISHED);
      assertThat(done.getDiagnostics()).isEqualTo("ran in the test JVM");
      assertThat(done.getHost()).isEqualTo("in-process-am");
      assertThat(containersOnNodes(id.toString())).isEmpty();
    }
  }

  @Test
  void anAmKilledWithSigkill_failsItsAttemptAfterTheAmExpiry_andItsContainersAreStopped() {
    try (WeftClient client = cluster.client()) {
      var shell = shell(client, 1, "sleep 600", "sigkilled");
      ApplicationId id = shell.launch().applicationId();
      await("its container running").atMost(APP_TIMEOUT)
          .until(() -> client.getApplicationReport(id).getApplicationResourceUsageReport().getNumUsedContainers(),
              used -> used == 1);

      shell.am().destroyForcibly(); // SIGKILL: the AM cannot unregister

      ApplicationReport failed = awaitState(client, id, YarnApplicationState.FAILED);
      assertThat(failed.getDiagnostics()).contains("unmanaged AM of " + shell.launch().attemptId())
          .contains("weft.resourcemanager.am.liveness-monitor.expiry-interval-ms");
      ApplicationAttemptReport attempt = client.getApplicationAttempts(id).get(0);
      assertThat(attempt.getYarnApplicationAttemptState()).isEqualTo(YarnApplicationAttemptState.FAILED);
      assertThat(client.getApplicationAttempts(id)).as("no second attempt").hasSize(1);
      await("its container stopped").atMost(APP_TIMEOUT).until(() -> cluster.containerProcesses().isEmpty());
    }
  }

  @Test
  void kill_endsTheApplication_andItsAmExits() throws InterruptedException {
    try (WeftClient client = cluster.client()) {
      var shell = shell(client, 1, "sleep 600", "killed");
      ApplicationId id = shell.launch().applicationId();
      awaitState(client, id, YarnApplicationState.RUNNING);

      client.killApplication(id);

      assertThat(awaitState(client, id, YarnApplicationState.KILLED).isUnmanagedApp()).isTrue();
      // told to shut down on its next heartbeat, the AM exits without unregistering
      await("the AM process exits").atMost(APP_TIMEOUT).until(() -> !shell.am().isAlive());
      assertThat(shell.am().exitValue()).isNotZero();
      await("its container stopped").atMost(APP_TIMEOUT).until(() -> cluster.containerProcesses().isEmpty());
    }
  }
}
