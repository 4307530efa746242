package io.weft.dist;

import io.weft.client.WeftClient;
import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.client.records.ApplicationReport;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.nm.NmKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code weft quickstart}: starts a local cluster with two NodeManagers, runs the Pi example in
 * cluster mode with two executors, prints its answer and where the driver's log is, and stops.
 *
 * <p>Its NodeManagers keep warm JVMs of the heap its three containers ask for, as daemons keep them, and Pi is
 * submitted once they are ready: the time it prints is what an application meets on a running cluster, not
 * the JVM starts of a cluster seconds old (docs/warm-jvms.md). The wait is bounded and printed.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Run Pi in cluster mode on a local cluster of 2 NodeManagers, then stop.")
final class Quickstart implements Callable<Integer> {
  /** The driver's and the executors' heap. */
  private static final String HEAP = "512m";
  private static final int EXECUTORS = 2;
  /** Per NodeManager: the scheduler spreads the AM and two executors over both nodes, at most two on one. */
  private static final int WARM_JVMS_PER_NODE = 2;
  private static final Duration WARM_JVMS_LIMIT = Duration.ofSeconds(60);

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path examplesJar = WeftHome.examplesJar();
    Path workDir = WorkDirs.fresh("weft-quickstart");
    System.out.println("Starting a local cluster (1 ResourceManager, 2 NodeManagers) in " + workDir);
    WeftConfig warmJvms = WeftConfig.empty().with(NmKeys.WARM_JVMS_ENABLED, true).with(NmKeys.WARM_JVMS_HEAPS, HEAP)
        .with(NmKeys.WARM_JVMS_COUNT, WARM_JVMS_PER_NODE);
    try (LocalCluster cluster = LocalCluster.builder(workDir).nodeManagers(2).config(warmJvms).build()) {
      cluster.start();
      awaitWarmJvms(cluster);
      System.out.println("Submitting io.weft.examples.Pi in cluster mode with " + EXECUTORS + " executors");
      WeftCli cli = new WeftCli(new CliContext(cluster.clientConfig(), System.out, System.err));
      int exit = cli.run("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.Pi",
          "--num-executors", Integer.toString(EXECUTORS), "--executor-memory", HEAP, "--driver-memory", HEAP,
          examplesJar.toString(), "10");
      System.out.printf("%d of its %d containers started in a warm JVM%n", cluster.warmLaunches(), 1 + EXECUTORS);
      ApplicationId app = lastApplication(cluster);
      Optional<Path> driverLog = ContainerLogs.amLog(cluster, app, "stdout");
      System.out.println();
      if (driverLog.isPresent()) {
        Files.readAllLines(driverLog.get()).stream().filter(l -> l.startsWith("Pi is roughly"))
            .forEach(System.out::println);
        System.out.println("Driver log: " + driverLog.get());
      }
      System.out.println("Stopping the local cluster");
      return exit;
    }
  }

  private static void awaitWarmJvms(LocalCluster cluster) throws InterruptedException {
    System.out.printf("Waiting for each NodeManager's %d warm JVMs of %s (docs/warm-jvms.md)%n", WARM_JVMS_PER_NODE,
        HEAP);
    System.out.println(cluster.awaitWarmJvms(WARM_JVMS_LIMIT)
        .map(waited -> String.format("Warm JVMs ready after %.1f s", waited.toMillis() / 1000.0))
        .orElse("Warm JVMs not ready after " + WARM_JVMS_LIMIT.toSeconds()
            + " s: containers that find none start a JVM of their own"));
  }

  private static ApplicationId lastApplication(LocalCluster cluster) {
    try (WeftClient client = WeftClient.connect(cluster.clientConfig())) {
      List<ApplicationReport> apps = client.getApplications();
      return apps.stream().map(r -> r.getApplicationId()).max(ApplicationId::compareTo)
          .orElseThrow(() -> new IllegalStateException("the quickstart application was not submitted"));
    }
  }
}
