package io.weft.bench.yarn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/bench-vs-yarn.sh}: the same workloads on Weft and on Hadoop YARN 3.4.2 (through the peer
 * harness), in one run, part after part (Weft's measurement, then YARN's), printed side by side with the
 * ratios and saved to {@code benchmarks/results/vs-yarn-<time>.md}. Each measurement runs in a process of its
 * own; the machine's load average is taken around each, since other work on the machine moves the figures.
 */
public final class BenchVsYarn {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final VersusYarnOptions options;
  private final Path logDir;
  private final List<String> runNotes = new ArrayList<>();
  private ResultLines weft = ResultLines.parse(List.of());
  private ResultLines yarn = ResultLines.parse(List.of());

  private BenchVsYarn(VersusYarnOptions options, Path logDir) {
    this.options = options;
    this.logDir = logDir;
  }

  public static void main(String[] args) throws IOException {
    VersusYarnOptions options;
    try {
      options = VersusYarnOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench-vs-yarn: " + e.getMessage());
      System.exit(2);
      return;
    }
    Instant start = Instant.now();
    String stamp = STAMP.format(start);
    BenchVsYarn run = new BenchVsYarn(options, Path.of("benchmarks/target/vs-yarn-logs", stamp).toAbsolutePath());
    run.measure();
    String report = run.report(start, String.join(" ", args));
    Files.createDirectories(options.out());
    Path file = options.out().resolve("vs-yarn-" + stamp + ".md");
    Files.writeString(file, report, StandardCharsets.UTF_8);
    System.out.println(report);
    System.out.println("# saved to " + file + "; logs in " + run.logDir);
  }

  private void measure() {
    options.reusedYarnResults().ifPresent(files -> {
      for (Path file : files) {
        yarn = yarn.plus(ResultLines.parse(readLines(file)));
        runNotes.add("YARN figures reused from " + file + " (not measured in this run)");
      }
    });
    for (String part : options.parts()) {
      weft = weft.plus(timed(part + " on Weft", () -> weftPart(part)));
      if (options.reusedYarnResults().isEmpty()) {
        yarn = yarn.plus(timed(part + " on YARN", () -> yarnPart(part)));
      }
    }
  }

  private ResultLines timed(String what, java.util.function.Supplier<MeasurementProcess.Outcome> measurement) {
    String before = loadAverage();
    Instant start = Instant.now();
    System.out.println("# " + what + " (load average " + before + ") ...");
    MeasurementProcess.Outcome outcome = measurement.get();
    String note = String.format(Locale.ROOT, "%s: %s, %d s, load average %s before, %s after", what,
        outcome.succeeded() ? "ok" : "FAILED (exit " + outcome.exitCode() + ", see " + outcome.stderr() + ")",
        Duration.between(start, Instant.now()).toSeconds(), before, loadAverage());
    runNotes.add(note);
    System.out.println("# " + note);
    if (!outcome.succeeded()) {
      System.out.println(MeasurementProcess.tail(outcome.stderr(), 15).indent(4));
    }
    return outcome.figures();
  }

  private MeasurementProcess.Outcome weftPart(String part) {
    List<String> jvm = new ArrayList<>(List.of(javaBin(), "-Dlog4j2.configurationFile=classpath:log4j2-bench.xml"));
    List<String> main = switch (part) {
      case "e2e" -> List.of(WeftEndToEnd.class.getName(), "--reps", Integer.toString(options.reps()),
          "--ns", options.containerCounts(), "--work", logDir.resolve("e2e-work").toString());
      // The flags of bin/bench-scheduler.sh. Always 1,000 nodes: a run takes seconds, and at the quick mode's
      // 200 nodes it would measure mostly the JIT warming up.
      case "sched" -> {
        jvm.addAll(List.of("-Xms4g", "-Xmx8g", "-XX:+UseParallelGC"));
        yield List.of("io.weft.bench.SchedulerThroughput", "1000", Integer.toString(options.schedulerRounds()),
            "--warm-up=" + options.schedulerWarmUpSeconds());
      }
      case "footprint" -> List.of(WeftFootprint.class.getName(), "--apps", Integer.toString(options.tinyApps()),
          "--concurrency", Integer.toString(options.tinyAppConcurrency()),
          "--work", logDir.resolve("footprint-work").toString());
      default -> throw new IllegalArgumentException(part);
    };
    List<String> command = new ArrayList<>(jvm);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.addAll(main);
    return MeasurementProcess.run("weft-" + part, command, Path.of("").toAbsolutePath(),
        Map.of("WEFT_HOME", options.weftHome().toString()), logDir);
  }

  private MeasurementProcess.Outcome yarnPart(String part) {
    return MeasurementProcess.run("yarn-" + part, List.of("./run.sh", part), options.yarnHarness(),
        options.quick() ? Map.of("QUICK", "1") : Map.of(), logDir);
  }

  private String report(Instant start, String args) {
    StringBuilder s = new StringBuilder();
    s.append("# Weft vs Hadoop YARN 3.4.2, side by side\n\n");
    s.append("- started ").append(start).append(", ").append(options.quick() ? "quick" : "full").append(" mode: `")
        .append("bin/bench-vs-yarn.sh").append(args.isEmpty() ? "" : " " + args).append("`\n");
    s.append("- machine: ").append(machine()).append('\n');
    s.append("- YARN harness: ").append(options.yarnHarness()).append('\n');
    runNotes.forEach(n -> s.append("- ").append(n).append('\n'));
    s.append('\n').append(new SideBySideReport(weft, yarn).render());
    s.append("\n### Result lines\n\n```\n");
    for (ResultLines side : List.of(weft, yarn)) {
      side.all().values().stream().filter(f -> f.name().matches("^(e2e|sched|footprint)\\..*"))
          .forEach(f -> s.append(line(f)));
    }
    s.append("```\n");
    return s.toString();
  }

  private static String line(ResultLines.Figure f) {
    return f.name() + ": " + f.value() + (f.unit().isEmpty() ? "" : " " + f.unit()) + "\n";
  }

  static String machine() {
    long memKb = Optional.ofNullable(procField("/proc/meminfo", "MemTotal")).map(Long::parseLong).orElse(0L);
    return Runtime.getRuntime().availableProcessors() + " cores, " + (memKb >> 20) + " GiB RAM, Java "
        + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
        + System.getProperty("os.version");
  }

  /** 1-, 5- and 15-minute load averages, as uptime shows them. */
  static String loadAverage() {
    List<String> lines = readLines(Path.of("/proc/loadavg"));
    if (lines.isEmpty()) {
      return "?";
    }
    String[] f = lines.get(0).split("\\s+");
    return f[0] + " / " + f[1] + " / " + f[2];
  }

  private static String procField(String file, String field) {
    for (String line : readLines(Path.of(file))) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).strip().split("\\s+")[0];
      }
    }
    return null;
  }

  private static List<String> readLines(Path file) {
    try {
      return MeasurementProcess.lines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
