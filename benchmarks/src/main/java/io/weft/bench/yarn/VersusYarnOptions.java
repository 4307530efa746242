package io.weft.bench.yarn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@code bin/bench-vs-yarn.sh}. Quick mode mirrors the harness's {@code QUICK=1}: one
 * repetition of N = 1 and 4, 50 tiny applications (and YARN's scheduler at 200 nodes); the full mode is the
 * harness's full run: 5 repetitions of N = 1, 4, 16, 1,000 applications (YARN's scheduler at 1,000 nodes).
 * Weft's scheduler is always measured at 1,000 nodes.
 */
record VersusYarnOptions(boolean quick, Set<String> parts, Path yarnHarness, List<Path> yarnResults, Path out,
    Path weftHome, int tinyAppConcurrency) {

  static final List<String> PARTS = List.of("e2e", "sched", "footprint");
  private static final Set<String> VALUED = Set.of("--parts", "--yarn-harness", "--yarn-results", "--out",
      "--weft-home", "--tiny-app-concurrency");
  static final String USAGE = "bench-vs-yarn.sh [--quick] [--parts e2e,sched,footprint] [--yarn-harness DIR]"
      + " [--yarn-results FILE,...] [--out DIR] [--weft-home DIR] [--tiny-app-concurrency N]";

  int reps() {
    return quick ? 1 : 5;
  }

  String containerCounts() {
    return quick ? "1,4" : "1,4,16";
  }

  /** Steady-state rounds of Weft's scheduler benchmark (each re-places a tenth of the cluster). */
  int schedulerRounds() {
    return quick ? 5 : 20;
  }

  /**
   * Seconds of unmeasured rounds before Weft's steady state is measured: YARN's side is paced by its heartbeats, not
   * its CPU, while Weft's is its CPU, which a fresh JVM spends compiling for its first seconds.
   */
  int schedulerWarmUpSeconds() {
    return quick ? 2 : 20;
  }

  int tinyApps() {
    return quick ? 50 : 1000;
  }

  /** Figures of an earlier harness run to use instead of running the harness now, if given. */
  Optional<List<Path>> reusedYarnResults() {
    return yarnResults.isEmpty() ? Optional.empty() : Optional.of(yarnResults);
  }

  static VersusYarnOptions parse(String[] args) {
    boolean quick = false;
    Set<String> parts = new LinkedHashSet<>(PARTS);
    Path harness = Path.of("../shared/peers/hadoop-yarn");
    List<Path> results = new ArrayList<>();
    Path out = Path.of("benchmarks/results");
    Path weftHome = Path.of("dist/target/weft");
    int concurrency = 8;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--quick")) {
        quick = true;
        continue;
      }
      if (!VALUED.contains(flag)) {
        throw new IllegalArgumentException("unknown argument '" + flag + "'; usage: " + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value; usage: " + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--parts" -> parts = parts(value);
        case "--yarn-harness" -> harness = Path.of(value);
        case "--yarn-results" -> {
          for (String file : value.split(",")) {
            Path p = Path.of(file.strip());
            if (!Files.isRegularFile(p)) {
              throw new IllegalArgumentException("--yarn-results " + file + ": no such file");
            }
            results.add(p);
          }
        }
        case "--out" -> out = Path.of(value);
        case "--weft-home" -> weftHome = Path.of(value);
        case "--tiny-app-concurrency" -> concurrency = positive(flag, value, 64);
        default -> throw new IllegalStateException(flag);
      }
    }
    if (results.isEmpty() && !Files.isExecutable(harness.resolve("run.sh"))) {
      throw new IllegalArgumentException("--yarn-harness " + harness + ": no run.sh there (expected the Hadoop YARN"
          + " peer harness, by default ../shared/peers/hadoop-yarn from the repository root)");
    }
    if (!Files.isDirectory(weftHome.resolve("lib"))) {
      throw new IllegalArgumentException("--weft-home " + weftHome + ": no lib/ directory there; build it first:"
          + " ./mvnw -q package -DskipTests -pl dist -am");
    }
    return new VersusYarnOptions(quick, parts, harness.toAbsolutePath().normalize(), List.copyOf(results),
        out.toAbsolutePath().normalize(), weftHome.toAbsolutePath().normalize(), concurrency);
  }

  private static Set<String> parts(String value) {
    Set<String> parts = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      if (!PARTS.contains(part.strip())) {
        throw new IllegalArgumentException("--parts: unknown part '" + part + "'; the parts are " + PARTS);
      }
      parts.add(part.strip());
    }
    return parts;
  }

  private static int positive(String flag, String value, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " " + value + ": must be a whole number from 1 to " + max);
  }
}
