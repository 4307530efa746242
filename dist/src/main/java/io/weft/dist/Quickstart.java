package io.weft.dist;

import io.weft.client.WeftClient;
import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.client.records.ApplicationReport;
import io.weft.common.id.ApplicationId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code weft quickstart}: starts a local cluster with two NodeManagers, runs the Pi example in
 * cluster mode with two executors, prints its answer and where the driver's log is, and stops.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Run Pi in cluster mode on a local cluster of 2 NodeManagers, then stop.")
final class Quickstart implements Callable<Integer> {
  @Override
  public Integer call() throws IOException {
    Path examplesJar = WeftHome.examplesJar();
    Path workDir = WorkDirs.fresh("weft-quickstart");
    System.out.println("Starting a local cluster (1 ResourceManager, 2 NodeManagers) in " + workDir);
    try (LocalCluster cluster = LocalCluster.builder(workDir).nodeManagers(2).build()) {
      cluster.start();
      System.out.println("Submitting io.weft.examples.Pi in cluster mode with 2 executors");
      WeftCli cli = new WeftCli(new CliContext(cluster.clientConfig(), System.out, System.err));
      int exit = cli.run("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.Pi",
          "--num-executors", "2", "--executor-memory", "512m", "--driver-memory", "512m",
          examplesJar.toString(), "10");
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

  private static ApplicationId lastApplication(LocalCluster cluster) {
    try (WeftClient client = WeftClient.connect(cluster.clientConfig())) {
      List<ApplicationReport> apps = client.getApplications();
      return apps.stream().map(r -> r.getApplicationId()).max(ApplicationId::compareTo)
          .orElseThrow(() -> new IllegalStateException("the quickstart application was not submitted"));
    }
  }
}
