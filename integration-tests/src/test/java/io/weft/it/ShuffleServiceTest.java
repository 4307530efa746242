package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.client.WeftClient;
import io.weft.common.id.ApplicationId;
import io.weft.dist.ContainerLogs;
import io.weft.dist.LocalCluster;
import io.weft.driver.Pair;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NodeManagers' shuffle service end to end (docs/shuffle-service.md): 3 nodes of 1024 MB, so the
 * ApplicationMaster (the driver) and each of the 2 executors has a node to itself. A shuffle written
 * through the service is read after its executors were SIGKILLed without a map task running again; after
 * the NodeManager serving part of it is stopped, that part is recomputed through the fetch-failure path
 * and the answer is still right.
 */
class ShuffleServiceTest {
  private static final Duration APP_TIMEOUT = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path workDir;
  @TempDir Path signals;
  private MiniWeftCluster cluster;

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shuffleOutput_outlivesItsExecutors_andIsRecomputedWhenItsNodeManagerGoes() throws Exception {
    cluster = new MiniWeftCluster(LocalCluster.builder(workDir).nodeManagers(3).nodeMemoryMb(1024).nodeVcores(2));
    CompletableFuture<CliRun> submitted = CompletableFuture.supplyAsync(() -> cluster.cli("submit",
        "--deploy-mode", "cluster", "--class", "io.weft.examples.ShuffleServiceDemo", "--num-executors", "2",
        "--executor-cores", "1", "--executor-memory", "512m", "--driver-memory", "512m",
        "--conf", "weft.shuffle.service.enabled=true", MiniWeftCluster.EXAMPLES_JAR.toString(), signals.toString()));
    awaitSignal("written", submitted);

    List<Path> shuffleDirs = shuffleDirsWithOutput();
    assertThat(shuffleDirs).as("executors' shuffle dirs under the application's node dirs").isNotEmpty();
    List<ProcessHandle> writers = writersOf(shuffleDirs);
    assertThat(writers).as("the executors that wrote %s", shuffleDirs).isNotEmpty();
    writers.forEach(ProcessHandle::destroyForcibly); // SIGKILL, by pid
    await("the executors are gone").atMost(Duration.ofSeconds(30)).until(() -> writers.stream()
        .noneMatch(ProcessHandle::isAlive));
    Files.createFile(signals.resolve("go-1"));
    awaitSignal("read-1", submitted);

    ApplicationId app = ApplicationId.parse(shuffleDirs.get(0).getParent().getFileName().toString());
    assertThat(mapTasksRun(app)).as("map tasks run: none again after the executors were killed").isEqualTo(8);
    assertThat(shuffleDirs).allSatisfy(dir -> assertThat(dir).isDirectory());

    int victim = nodeManagerServingOutputButNotTheDriver(shuffleDirs, app);
    cluster.cluster().nodeManagers().get(victim).close();
    Files.createFile(signals.resolve("go-2"));
    CliRun run = submitted.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(run.exit()).as("%s", run).isZero();
    String stdout = Files.readString(ContainerLogs.amLog(cluster.cluster(), app, "stdout").orElseThrow());
    assertThat(stdout).contains("sums after pause 1: " + expectedSums(), "sums after pause 2: " + expectedSums());
    String stderr = Files.readString(ContainerLogs.amLog(cluster.cluster(), app, "stderr").orElseThrow());
    assertThat(stderr).as("the driver kept the killed executors' outputs")
        .containsPattern("executor \\S+ lost \\(0 map output\\(s\\)")
        .as("the outputs of the stopped node were recomputed after a fetch failure")
        .containsPattern("shuffle fetch of executor \\S+'s output failed; forgot [1-9]\\d* map output\\(s\\)")
        .contains("lost shuffle input");
    assertThat(cluster.cluster().nodeManagers().get(victim).isRegistered()).isFalse();
  }

  @Test
  void withTls_executorsFetchFromTheNodeService_andTheFilesGoWhenTheApplicationEnds() throws Exception {
    cluster = new MiniWeftCluster(workDir, 2, io.weft.common.config.WeftConfig.empty(), true);

    CliRun run = cluster.cli("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.SalesByCountry",
        "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "512m", "--driver-memory", "512m",
        "--conf", "weft.shuffle.service.enabled=true", MiniWeftCluster.EXAMPLES_JAR.toString(), "500", "3");

    assertThat(run.exit()).as("%s", run).isZero();
    ApplicationId app = run.submittedApplication();
    assertThat(Files.readString(ContainerLogs.amLog(cluster.cluster(), app, "stdout").orElseThrow()))
        .contains(ShuffleJobsTest.expectedSales(500));
    assertThat(executorLogs(app)).as("executors wrote through the node's shuffle service")
        .anyMatch(log -> log.contains("served by the node's shuffle service"));
    // the walk may meet a dir the NM is deleting at that moment: look again
    await("the application's shuffle dirs deleted").atMost(Duration.ofSeconds(30))
        .ignoreException(NoSuchFileException.class).until(() -> shuffleDirs().isEmpty());
  }

  /** Every container stderr of {@code app} but the driver's. */
  private List<String> executorLogs(ApplicationId app) throws IOException {
    List<String> logs = new ArrayList<>();
    for (Path log : ContainerLogs.all(cluster.cluster(), app, "stderr")) {
      if (!log.getParent().getFileName().toString().endsWith("_000001")) {
        logs.add(Files.readString(log));
      }
    }
    return logs;
  }

  private List<Path> shuffleDirs() throws IOException {
    try (Stream<Path> all = Files.walk(workDir)) {
      return all.filter(p -> p.getFileName().toString().startsWith("weft-shuffle-container_")).toList();
    }
  }

  private static String expectedSums() {
    Map<Integer, Long> sums = new TreeMap<>();
    IntStream.rangeClosed(1, 8000).forEach(x -> sums.merge(x % 5, (long) x, Long::sum));
    return sums.entrySet().stream().map(e -> Pair.of(e.getKey(), e.getValue())).toList().toString();
  }

  private void awaitSignal(String name, CompletableFuture<CliRun> submitted) {
    await("the driver's signal " + name).atMost(APP_TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          if (submitted.isDone()) {
            throw new AssertionError("the application ended before signalling " + name + ": " + submitted.join());
          }
          return Files.exists(signals.resolve(name));
        });
  }

  /** {@code nm-*}/local/usercache/{user}/appcache/{app}/weft-shuffle-{container} directories holding blocks. */
  private List<Path> shuffleDirsWithOutput() throws IOException {
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> all = Files.walk(workDir)) {
      for (Path dir : all.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().startsWith("weft-shuffle-container_")).toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          if (files.anyMatch(f -> f.getFileName().toString().endsWith(".data"))) {
            dirs.add(dir);
          }
        }
      }
    }
    return dirs;
  }

  /** The live container processes whose working dir is the container each shuffle dir is named after. */
  private List<ProcessHandle> writersOf(List<Path> shuffleDirs) {
    List<Path> workDirs = shuffleDirs.stream().map(d -> d.resolveSibling(
        d.getFileName().toString().substring("weft-shuffle-".length()))).map(ShuffleServiceTest::real).toList();
    return cluster.containerProcesses().stream().filter(p -> {
      try {
        return workDirs.contains(Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")));
      } catch (IOException e) {
        return false;
      }
    }).toList();
  }

  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The map tasks the driver ran, from its REST API through the RM's proxy. */
  private int mapTasksRun(ApplicationId app) throws IOException {
    String trackingUrl;
    try (WeftClient client = cluster.client()) {
      trackingUrl = client.getApplicationReport(app).getTrackingUrl();
    }
    JsonNode stages = JSON.readTree(Http.get(trackingUrl + "api/v1/stages"));
    int tasks = 0;
    for (JsonNode stage : stages) {
      if ((stage.path("name").asText() + " " + stage.path("description").asText()).contains("write shuffle")) {
        tasks += stage.path("numTasks").asInt();
      }
    }
    return tasks;
  }

  /** A NodeManager with map output in its application dir that does not run the driver's container (_000001). */
  private int nodeManagerServingOutputButNotTheDriver(List<Path> shuffleDirs, ApplicationId app) {
    for (int i = 0; i < cluster.cluster().nodeManagers().size(); i++) {
      Path nmDir = workDir.resolve("nm-" + i);
      boolean servesOutput = shuffleDirs.stream().anyMatch(d -> d.startsWith(nmDir));
      boolean runsDriver;
      try (Stream<Path> all = Files.walk(nmDir.resolve("local"))) {
        runsDriver = all.anyMatch(p -> p.getFileName().toString().startsWith("container_")
            && p.getFileName().toString().endsWith("_000001") && p.toString().contains(app.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (servesOutput && !runsDriver) {
        return i;
      }
    }
    throw new AssertionError("every NodeManager with map output of " + app + " also runs its driver: " + shuffleDirs);
  }
}
