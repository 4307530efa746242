package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.testing.TestJars;
import io.weft.dist.ContainerLogs;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's spark-submit flags whose effect is on the cluster: {@code --supervise}, {@code --status},
 * {@code --kill}, {@code --archives} (cluster and client mode), {@code --driver-java-options} and
 * {@code --driver-class-path} in cluster mode, on a local cluster with real processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmitFlagsClusterTest {
  private static final List<String> SMALL = List.of("--deploy-mode", "cluster", "--num-executors", "1",
      "--executor-memory", "256m", "--driver-memory", "256m");

  private MiniWeftCluster cluster;
  private Path jars;

  @BeforeAll
  void startCluster(@TempDir Path workDir, @TempDir Path jarDir) {
    cluster = new MiniWeftCluster(workDir, 1, WeftConfig.empty());
    jars = jarDir;
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private CliRun submit(List<String> flags, String mainClass, Path jar, String... args) {
    List<String> line = new ArrayList<>(List.of("submit"));
    line.addAll(SMALL);
    line.addAll(flags);
    line.addAll(List.of("--class", mainClass, jar.toString()));
    line.addAll(List.of(args));
    return cluster.cli(line.toArray(String[]::new));
  }


  private ApplicationReport report(ApplicationId id) {
    try (WeftClient client = cluster.client()) {
      return client.getApplicationReport(id);
    }
  }

  private Path failOnceJar() {
    return TestJars.compile(jars.resolve("fail-once.jar"), Map.of("FailOnce", """
        import java.nio.file.*;
        public class FailOnce {
          public static void main(String[] args) throws Exception {
            Path marker = Path.of(args[0]);
            if (!Files.exists(marker)) {
              Files.writeString(marker, "failed once");
              throw new IllegalStateException("the first run fails");
            }
            System.out.println("the second run succeeds");
          }
        }
        """));
  }

  @Test
  void supervise_startsAFailedDriverAgain_andTheApplicationSucceedsOnItsSecondAttempt() {
    Path marker = jars.resolve("supervised-marker");
    CliRun run = submit(List.of("--supervise", "--conf", "weft.am.maxAttempts=2"), "FailOnce", failOnceJar(),
        marker.toString());

    assertThat(run.exit()).as("%s", run).isZero();
    ApplicationReport report = report(run.submittedApplication());
    assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    assertThat(report.getCurrentApplicationAttemptId().orElseThrow().attempt()).isEqualTo(2);
  }

  @Test
  void withoutSupervise_aFailedDriverFailsTheApplicationAtOnce() {
    Path marker = jars.resolve("unsupervised-marker");
    CliRun run = submit(List.of(), "FailOnce", failOnceJar(), marker.toString());

    assertThat(run.exit()).as("%s", run).isEqualTo(1);
    ApplicationReport report = report(run.submittedApplication());
    assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FAILED);
    assertThat(report.getDiagnostics()).contains("the first run fails");
    assertThat(report.getCurrentApplicationAttemptId().orElseThrow().attempt()).isEqualTo(1);
  }

  @Test
  void statusAndKill_ofARunningClusterModeApplication() {
    Path release = jars.resolve("never-created");
    Path waiter = TestJars.compile(jars.resolve("waiter.jar"), Map.of("Waiter", """
        import java.nio.file.*;
        public class Waiter {
          public static void main(String[] args) throws Exception {
            while (!Files.exists(Path.of(args[0]))) {
              Thread.sleep(100);
            }
          }
        }
        """));
    CompletableFuture<CliRun> submitted = CompletableFuture.supplyAsync(() -> submit(List.of(), "Waiter", waiter,
        release.toString()));
    ApplicationId id = await("the application to run").atMost(Duration.ofSeconds(60)).until(() -> {
      try (WeftClient client = cluster.client()) {
        return client.getApplications().stream().filter(r -> r.getName().equals("Waiter"))
            .filter(r -> r.getYarnApplicationState() == YarnApplicationState.RUNNING).map(r -> r.getApplicationId()).findFirst().orElse(null);
      }
    }, java.util.Objects::nonNull);

    CliRun status = cluster.cli("submit", "--status", id.toString());
    assertThat(status.exit()).as("%s", status).isZero();
    assertThat(status.out()).contains("Application " + id + " is RUNNING");

    CliRun kill = cluster.cli("submit", "--kill", id.toString());
    assertThat(kill.exit()).as("%s", kill).isZero();
    assertThat(kill.out()).contains("Killed application " + id);
    CliRun followed = submitted.join();
    assertThat(followed.exit()).as("the submit following it ends non-zero\n%s", followed).isEqualTo(1);
    assertThat(cluster.cli("submit", "--status", id.toString()).out()).contains("Application " + id + " is KILLED");

    ApplicationId unknown = new ApplicationId(id.clusterTimestamp(), 9999);
    CliRun missing = cluster.cli("submit", "--status", unknown.toString());
    assertThat(missing.exit()).as("%s", missing).isEqualTo(1);
    assertThat(missing.err()).contains(unknown.toString());
    CliRun missingKill = cluster.cli("submit", "--kill", unknown.toString());
    assertThat(missingKill.exit()).as("%s", missingKill).isEqualTo(1);
    assertThat(missingKill.err()).contains(unknown.toString());
  }

  @Test
  void archivesJavaOptionsAndClassPath_reachTheDriver_andArchivesTheExecutors() throws Exception {
    Path zip = lookupZip();
    Path tree = Files.createDirectories(jars.resolve("tree"));
    Files.writeString(tree.resolve("data.txt"), "from a tarball");
    Path tgz = jars.resolve("data.tgz");
    assertThat(new ProcessBuilder("tar", "czf", tgz.toString(), "-C", tree.toString(), "data.txt").inheritIO().start()
        .waitFor()).isZero();
    Path extra = Files.createDirectories(jars.resolve("extra"));
    Files.writeString(extra.resolve("extra.txt"), "from the driver class path");
    Path setup = TestJars.compile(jars.resolve("setup.jar"), Map.of("ShowSetup", """
        import io.weft.driver.WeftConf;
        import io.weft.driver.WeftContext;
        import java.nio.file.*;
        import java.util.List;
        public class ShowSetup {
          public static void main(String[] args) throws Exception {
            System.out.println("my.prop=" + System.getProperty("my.prop"));
            var resource = ShowSetup.class.getClassLoader().getResourceAsStream("extra.txt");
            System.out.println("extra.txt=" + (resource == null ? "absent" : new String(resource.readAllBytes())));
            System.out.println("driver data.txt=" + Files.readString(Path.of("data.tgz/data.txt")));
            try (WeftContext context = new WeftContext(new WeftConf())) {
              List<String> read = context.parallelize(List.of(1, 2), 2)
                  .map(x -> firstLine("tables/table.properties")).collect();
              System.out.println("executors read " + read);
            }
          }

          static String firstLine(String file) {
            try {
              return Files.readAllLines(Path.of(file)).get(0);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        }
        """));

    CliRun run = submit(List.of("--archives", zip + "#tables," + tgz, "--driver-java-options", "-Dmy.prop='a b'",
        "--driver-class-path", extra.toString()), "ShowSetup", setup);

    assertThat(run.exit()).as("%s", run).isZero();
    String driverOut = driverStdout(run.submittedApplication());
    assertThat(driverOut).contains("my.prop=a b").contains("extra.txt=from the driver class path")
        .contains("driver data.txt=from a tarball").contains("executors read [color=green, color=green]");
  }

  private Path lookupZip() throws IOException {
    Path zip = jars.resolve("lookup.zip");
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("table.properties"));
      z.write("color=green\n".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    return zip;
  }

  @Test
  void archives_inClientMode_areUnpackedIntoEveryExecutorsWorkingDirectory() throws Exception {
    Path zip = lookupZip();
    PrintStream original = System.out;
    ByteArrayOutputStream driverOut = new ByteArrayOutputStream(); // client mode: main prints to this JVM's stdout
    System.setOut(new PrintStream(driverOut, true, StandardCharsets.UTF_8));
    CliRun run;
    try {
      run = cluster.cli("submit", "--deploy-mode", "client", "--num-executors", "1", "--executor-memory", "256m",
          "--archives", zip + "#tables", "--class", "io.weft.examples.ShippedLookup",
          MiniWeftCluster.EXAMPLES_JAR.toString(), "tables/table.properties", "color");
    } finally {
      System.setOut(original);
    }
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(driverOut.toString(StandardCharsets.UTF_8)).contains("color=green");
  }

  private String driverStdout(ApplicationId id) throws IOException {
    return Files.readString(ContainerLogs.amLog(cluster.cluster(), id, "stdout").orElseThrow());
  }
}
