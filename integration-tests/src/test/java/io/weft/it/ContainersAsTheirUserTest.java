package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weft.client.AppSubmission;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.JvmContainer;
import io.weft.nm.NmKeys;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application submitted as alice on a cluster with {@code container-executor=linux} (NodeManagers
 * as root, as in CI) runs as alice: its JVM ApplicationMaster and its containers. The user is made
 * with {@code useradd} and removed with {@code userdel -r} here; skipped unless root. The submitting
 * user is what the submission names (in simple authentication, the client's {@code user.name}), so
 * the test names alice there. Alice's JVMs need a class path she can read: the test copies the jars
 * of its own class path (root's {@code ~/.m2} is 0750) into the cluster dir, as an operator's
 * {@code $WEFT_HOME/lib} would be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainersAsTheirUserTest {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
  private static final String ALICE = "weftitalice" + UUID.randomUUID().toString().substring(0, 6);

  private boolean created;
  private MiniWeftCluster cluster;

  @BeforeAll
  void startCluster(@TempDir Path workDir) throws Exception {
    if (!ROOT) {
      return;
    }
    created = run("useradd", "-m", "-U", ALICE) == 0;
    // JUnit makes its temp dir 0700; alice must pass through it to her dirs and the class path.
    Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    cluster = new MiniWeftCluster(workDir.resolve("cluster"), 1, WeftConfig.of(Map.of(
        NmKeys.CONTAINER_EXECUTOR.key(), "linux",
        NmKeys.CONTAINER_CLASSPATH.key(), readableClasspath(workDir.resolve("lib")))));
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (created) {
      run("userdel", "-r", ALICE);
    }
  }

  @Test
  void applicationOfAlice_runsItsAmAndContainersAsAlice() throws IOException {
    assumeTrue(ROOT && created, "containers as their users need the NodeManager to run as root");
    ApplicationReport report;
    ApplicationId id;
    try (WeftClient client = cluster.client()) {
      WeftClient.NewApplication app = client.createApplication();
      id = app.id();
      ApplicationSubmissionContext context = AppSubmission.builder(id)
          .name("as alice").applicationType("TRUE_AM")
          .amResource(JvmContainer.resourceFor(256, 1))
          .localResource("am.jar", client.uploadFile(id, MiniWeftCluster.EXAMPLES_JAR))
          .javaCommand(256, List.of("{{PWD}}/am.jar"), "io.weft.examples.am.TrueAm",
              List.of("--num-containers", "2", "--command", "id -un"))
          .build().toBuilder().user(ALICE).build();
      client.submitApplication(context);
      report = client.watch(id, r -> { });
    }

    assertThat(report.getYarnApplicationState()).as(report.getDiagnostics()).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(report.getUser()).isEqualTo(ALICE);
    List<String> containers = cluster.containerLogDirs(0, id.toString());
    assertThat(containers).as("AM + 2 containers").hasSize(3);
    Path logs = cluster.cluster().workDir().resolve("nm-0").resolve("logs").resolve(id.toString());
    List<String> taskOutputs = new ArrayList<>();
    for (String container : containers) {
      Path stdout = logs.resolve(container).resolve("stdout");
      assertThat(Files.getOwner(stdout).getName()).as("owner of %s", stdout).isEqualTo(ALICE);
      taskOutputs.add(Files.readString(stdout).trim());
    }
    assertThat(taskOutputs).as("the 2 task containers print their user").filteredOn(ALICE::equals).hasSize(2);
  }

  /** The test JVM's class path with every jar copied under {@code lib} (mode 0755 dirs, 0644 files). */
  private static String readableClasspath(Path lib) throws IOException {
    Files.createDirectories(lib);
    List<String> entries = new ArrayList<>();
    entries.add(lib + "/*");
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
        Path copy = lib.resolve(String.format("%04d-%s", n++, path.getFileName()));
        Files.copy(path, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
      } else if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
