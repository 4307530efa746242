package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.AppSubmission;
import io.weft.client.WeftClient;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.JvmContainer;
import io.weft.it.MiniWeftCluster.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft container -signal}, as {@code yarn container -signal}, against a real cluster: the RM passes the
 * signal to the container's NodeManager with a heartbeat answer, which sends it to the container's processes.
 * A thread dump leaves a JVM running with its threads in its stdout; a graceful shutdown ends it with 143.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerSignalTest {
  private MiniWeftCluster cluster;

  @BeforeAll
  void start(@TempDir Path dir) {
    cluster = new MiniWeftCluster(dir.resolve("cluster"), 1, WeftConfig.empty());
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void threadDump_printsTheJvmsThreads_andLeavesItRunning_gracefulShutdown_endsItWith143() {
    ApplicationId app = submitJavaAmWithAWorker();
    String am = "container_" + app.toString().substring("application_".length()) + "_01_000001";
    String worker = "container_" + app.toString().substring("application_".length()) + "_01_000002";
    await("the worker container running").atMost(Duration.ofSeconds(60))
        .until(() -> cluster.cli("container", "-status", worker).out().contains("\tState : RUNNING"));

    CliRun dump = cluster.cli("container", "-signal", am);

    assertThat(dump.exit()).as("%s", dump).isZero();
    assertThat(dump.out()).isEqualTo("Signalling container " + am + " with OUTPUT_THREAD_DUMP\n");
    String logs = "http://" + cluster.cluster().rmWebAddress() + "/logs/" + am;
    await("the AM's thread dump in its stdout").atMost(Duration.ofSeconds(30))
        .until(() -> Http.get(logs + "/stdout?start=0").contains("Full thread dump"));
    assertThat(cluster.cli("container", "-status", am).out()).contains("\tState : RUNNING");

    CliRun stop = cluster.cli("container", "-signal", am, "graceful_shutdown");

    assertThat(stop.exit()).as("%s", stop).isZero();
    await("the application ended by its AM's exit").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(cluster.cli("application", "-status", app.toString()).out()).contains("\tState : FAILED")
            .contains("exited with code 143"));
  }

  @Test
  void unknownContainers_badCommands_andEndedContainers_areRefusedNamingThem() {
    CliRun unknownApp = cluster.cli("container", "-signal", "container_1_0999_01_000001");
    assertThat(unknownApp.exit()).as("%s", unknownApp).isEqualTo(1);
    assertThat(unknownApp.err()).contains("container container_1_0999_01_000001 is not known");

    ApplicationId app = submitJavaAmWithAWorker();
    String worker = "container_" + app.toString().substring("application_".length()) + "_01_000002";
    await("the worker container running").atMost(Duration.ofSeconds(60))
        .until(() -> cluster.cli("container", "-status", worker).out().contains("\tState : RUNNING"));

    CliRun badCommand = cluster.cli("container", "-signal", worker, "SIGHUP");
    assertThat(badCommand.exit()).as("%s", badCommand).isNotZero();
    assertThat(badCommand.err()).contains("unknown signal command 'SIGHUP'")
        .contains("OUTPUT_THREAD_DUMP, GRACEFUL_SHUTDOWN, FORCEFUL_SHUTDOWN");

    String notYet = "container_" + app.toString().substring("application_".length()) + "_01_000099";
    CliRun unknown = cluster.cli("container", "-signal", notYet);
    assertThat(unknown.exit()).as("%s", unknown).isEqualTo(1);
    assertThat(unknown.err()).contains("container " + notYet + " is not known");

    assertThat(cluster.cli("container", "-signal", worker, "FORCEFUL_SHUTDOWN").exit()).isZero();
    await("the worker killed").atMost(Duration.ofSeconds(30)).until(() -> {
      String status = cluster.cli("container", "-status", worker).out();
      return status.contains("\tState : COMPLETE") || status.isEmpty();
    });
    CliRun ended = cluster.cli("container", "-signal", worker);
    assertThat(ended.exit()).as("%s", ended).isEqualTo(1);
    assertThat(ended.err()).containsAnyOf("only a running container can be signalled", "is not known");
    try (WeftClient client = cluster.client()) {
      client.killApplication(app);
    }
  }

  /** A Java AM (the examples' TrueAm, a JVM to take a thread dump of) that keeps one worker container sleeping. */
  private ApplicationId submitJavaAmWithAWorker() {
    try (WeftClient client = cluster.client()) {
      ApplicationId id = client.createApplication().id();
      client.submitApplication(AppSubmission.builder(id).name("signalled").applicationType("TRUE_AM").maxAttempts(1)
          .amResource(JvmContainer.resourceFor(256, 1))
          .localResource("am.jar", client.uploadFile(id, MiniWeftCluster.EXAMPLES_JAR))
          .javaCommand(256, List.of("{{PWD}}/am.jar"), "io.weft.examples.am.TrueAm",
              List.of("--num-containers", "1", "--command", "sleep 600"))
          .build());
      return id;
    }
  }
}
