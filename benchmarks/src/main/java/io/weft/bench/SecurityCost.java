package io.weft.bench;

import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.common.config.WeftConfig;
import io.weft.dist.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of secure mode end to end, both sides in one run: a {@link LocalCluster} of 2 NMs
 * (every container a real JVM or shell), plaintext and then as {@code local-cluster --secure} (TLS on
 * every endpoint, NodeManagers proven by certificates, the client by the user's); on each, a
 * 4-container distributed shell from submit to FINISHED, the first run after the cluster starts and
 * then {@code rounds} more.
 *
 * <p>Usage: {@code SecurityCost [rounds]} (default 5).
 */
public final class SecurityCost {
  private SecurityCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.printf(Locale.ROOT, "machine: %d cores, java %s, load average %.1f; 4-container distributed shell, "
            + "first run then %d rounds per side%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rounds);
    for (boolean secure : new boolean[] {false, true}) {
      Path dir = Files.createTempDirectory("weft-bench-security");
      try (LocalCluster cluster = LocalCluster.builder(dir).nodeManagers(2).secure(secure).build()) {
        cluster.start();
        double first = submitToFinished(cluster.clientConfig());
        List<Double> steady = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          steady.add(submitToFinished(cluster.clientConfig()));
        }
        System.out.printf(Locale.ROOT, "%-9s first run %.0f ms; then %s%n", secure ? "TLS" : "plaintext", first,
            Stats.summary(steady, "ms"));
      }
    }
    System.out.printf(Locale.ROOT, "load average at the end %.1f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static double submitToFinished(WeftConfig client) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    int exit = new WeftCli(new CliContext(client, print, print)).run("distributed-shell", "--num-containers", "4",
        "--container-memory", "256m", "--shell-command", "echo hello");
    double ms = (System.nanoTime() - start) / 1e6;
    if (exit != 0) {
      throw new IllegalStateException("the distributed shell failed (exit " + exit + "):\n" + out.toString(StandardCharsets.UTF_8));
    }
    return ms;
  }
}
