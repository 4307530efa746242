package io.weft.bench;

import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.common.config.WeftConfig;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.dist.LocalCluster;
import io.weft.nm.NmKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The cost of secure mode end to end, both sides in one run: a {@link LocalCluster} of 2 NMs
 * (every container a real JVM or shell), plaintext and then as {@code local-cluster --secure} (TLS on
 * every endpoint, NodeManagers proven by certificates, the client by the user's); on each, a
 * 4-container distributed shell from submit to FINISHED, the first run after the cluster starts and
 * then {@code rounds} more: as the CLI's user waits for it, and from the RM's submit time to its finish time. Each side runs twice, alternating (plaintext, TLS, plaintext, TLS), so neither
 * has the machine's quieter minutes to itself.
 *
 * <p>Usage: {@code SecurityCost [rounds] [--warm-jvms]} (default 5). {@code --warm-jvms}: the NodeManagers keep
 * warm JVMs, as daemons do by default (docs/warm-jvms.md), and each run waits for full pools first, outside what
 * is measured; a local cluster keeps none otherwise.
 */
public final class SecurityCost {
  private static final String WARM_JVMS = "--warm-jvms";

  private SecurityCost() {}

  public static void main(String[] args) throws Exception {
    boolean warmJvms = List.of(args).contains(WARM_JVMS);
    String[] positional = Arrays.stream(args).filter(a -> !a.equals(WARM_JVMS)).toArray(String[]::new);
    int rounds = positional.length > 0 ? Integer.parseInt(positional[0]) : 5;
    System.out.printf(Locale.ROOT, "machine: %d cores, java %s, load average %.1f; 4-container distributed shell, "
            + "first run then %d rounds per cluster, two clusters per side; warm JVMs %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rounds, warmJvms ? "on" : "off");
    WeftConfig config = WeftConfig.empty().with(NmKeys.WARM_JVMS_ENABLED, warmJvms);
    for (boolean secure : new boolean[] {false, true, false, true}) {
      Path dir = Files.createTempDirectory("weft-bench-security");
      try (LocalCluster cluster = LocalCluster.builder(dir).nodeManagers(2).secure(secure).config(config).build()) {
        cluster.start();
        Run first = submitToFinished(cluster, warmJvms);
        List<Run> steady = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          steady.add(submitToFinished(cluster, warmJvms));
        }
        System.out.printf(Locale.ROOT, "%-9s first run %.0f ms (RM %.0f ms); then %s (RM: submit -> FINISHED %s); "
                + "load average %.1f%n", secure ? "TLS" : "plaintext", first.clientMs(), first.rmMs(),
            Stats.summary(steady.stream().map(Run::clientMs).toList(), "ms"),
            Stats.summary(steady.stream().map(Run::rmMs).toList(), "ms"),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      }
    }
  }

  /**
   * One distributed shell: {@code clientMs} as its user waits for it (the CLI's connection, submission and
   * following included), {@code rmMs} from the RM's submit time to its finish time.
   */
  private record Run(double clientMs, double rmMs) {}

  private static Run submitToFinished(LocalCluster cluster, boolean warmJvms) throws InterruptedException {
    if (warmJvms) {
      WarmPools.awaitFull(cluster);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    int exit = new WeftCli(new CliContext(cluster.clientConfig(), print, print)).run("distributed-shell", "--num-containers", "4",
        "--container-memory", "256m", "--shell-command", "echo hello");
    double ms = (System.nanoTime() - start) / 1e6;
    if (exit != 0) {
      throw new IllegalStateException("the distributed shell failed (exit " + exit + "):\n" + out.toString(StandardCharsets.UTF_8));
    }
    try (WeftClient client = WeftClient.connect(cluster.clientConfig())) {
      ApplicationReport last = client.getApplications().stream()
          .max(Comparator.comparing(ApplicationReport::getApplicationId)).orElseThrow();
      return new Run(ms, last.getFinishTime() - last.getStartTime());
    }
  }
}
