package io.weft.bench;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.client.submit.ClusterModeSubmitter;
import io.weft.client.submit.SubmitOptions;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.AppMasterArgs.DeployMode;
import io.weft.dist.ContainerLogs;
import io.weft.dist.LocalCluster;
import io.weft.examples.Pi;
import io.weft.nm.NmKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark 3, start-up latency end to end: a {@link LocalCluster} (RM and NMs in this JVM, every
 * container a real process) runs {@link StartupProbe} in cluster mode again and again. Per run,
 * with the RM's submit time as zero: the AM registered (the RUNNING report the RM pushes through
 * WatchApplication), the N-th executor registered with the driver (the probe's timestamp), and
 * FINISHED (the RM's finish time). No polling anywhere.
 *
 * <p>Usage: {@code StartupLatency [runs] [applications, comma separated] [key=value ...]} (default 5
 * 0,1,4,16,pi). An application is an executor count, 0 being the one whose driver does nothing, or {@code pi}:
 * the quickstart's Pi (10 slices, 2 executors, 512 MB heaps), timed to FINISHED. key=value pairs configure the
 * cluster's daemons, e.g. {@code weft.nodemanager.weft-jvm.cds=false}; with warm JVMs on, each run waits for
 * full pools first, outside what is measured. The first application on the cluster is
 * printed on its own, then measured runs follow. The archive directory is fresh: the NodeManagers
 * dump the class-data-sharing archive of Weft's JVMs as they start, before they register (see
 * docs/startup.md), so the first application already runs with it.
 */
public final class StartupLatency {
  private static final int EXECUTOR_HEAP_MB = 128;
  private static final int DRIVER_HEAP_MB = 256;

  private StartupLatency() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> apps = List.of((args.length > 1 ? args[1] : "0,1,4,16,pi").split(","));
    apps.forEach(StartupLatency::checkApp);
    Map<String, String> config = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      if (pair.length != 2) {
        throw new IllegalArgumentException("argument '" + args[i] + "' is not key=value");
      }
      config.put(pair[0], pair[1]);
    }
    Path workDir = Files.createTempDirectory("weft-bench-startup-");
    // a fresh archive directory, as on a fresh installation: the NMs dump the archive as they start
    config.putIfAbsent(NmKeys.WEFT_JVM_CDS_DIR.key(), workDir.resolve("cds").toString());
    // LocalCluster keeps no warm JVMs unless told to (docs/warm-jvms.md)
    boolean warmJvms = Boolean.parseBoolean(config.getOrDefault(NmKeys.WARM_JVMS_ENABLED.key(), "false"));
    int maxExecutors = apps.stream().mapToInt(StartupLatency::executors).max().orElse(0);
    Path jar = codeSource(StartupProbe.class);
    System.out.printf("machine: %d cores, java %s; runs=%d applications=%s; config %s; work dir %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), runs, apps, config,
        workDir);
    // two NMs, each with room for the largest run (executors, AM, and the previous run still finishing)
    int perNode = maxExecutors + 2;
    try (LocalCluster cluster = LocalCluster.builder(workDir).nodeManagers(2)
        .nodeMemoryMb(perNode * 768L).nodeVcores(perNode).config(WeftConfig.of(config)).build()) {
      long starting = System.nanoTime();
      cluster.start();
      System.out.printf("cluster started in %d ms (the NMs' class-data-sharing archive included)%n",
          (System.nanoTime() - starting) / 1_000_000);
      try (WeftClient client = WeftClient.connect(cluster.clientConfig())) {
        if (warmJvms) {
          System.out.printf("warm JVM pools full after %d ms%n", WarmPools.awaitFull(cluster));
        }
        System.out.println("first application on this cluster (" + apps.get(0) + "): "
            + run(cluster, client, jar, apps.get(0)));
        for (String app : apps) {
          List<Run> results = new ArrayList<>();
          for (int i = 0; i < runs; i++) {
            if (warmJvms) {
              System.out.printf("  warm JVM pools full after %d ms%n", WarmPools.awaitFull(cluster));
            }
            Run r = run(cluster, client, jar, app);
            System.out.printf("  %s run %d: %s%n", label(app), i + 1, r);
            results.add(r);
          }
          summarize(app, results);
        }
        if (warmJvms) {
          cluster.nodeManagers().forEach(nm -> System.out.println("warm JVMs of " + nm.nodeId() + ": "
              + nm.warmJvms()));
        }
      }
    }
  }

  /**
   * Times in ms after the RM accepted the submission; executorsMs is -1 for a driver that asks for none. The
   * CPU each container's JVM used from its launch (its warm claim or its JVM start) to its registration, as
   * its log line says ({@code LaunchCpu}): the AM's (-1 if not found), the executors', and how many of all
   * those containers ran in a warm JVM.
   */
  record Run(long amRegisteredMs, long executorsMs, long finishedMs, long amCpuMs, List<Long> executorCpuMs,
      int warmContainers) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "AM registered %d ms, executors registered %s, FINISHED %d ms; CPU to "
          + "registration: AM %d ms, executors %s ms; %d of %d containers warm", amRegisteredMs,
          executorsMs < 0 ? "-" : executorsMs + " ms", finishedMs, amCpuMs, executorCpuMs, warmContainers,
          executorCpuMs.size() + 1);
    }
  }

  private static final Pattern LAUNCH_CPU = Pattern.compile("(\\d+) ms of CPU since its (warm claim|JVM start)");

  /** The quickstart's application: {@code weft quickstart} submits exactly this (see Quickstart in dist). */
  private static final String PI = "pi";
  private static final int PI_EXECUTORS = 2;
  private static final int PI_HEAP_MB = 512;

  private static void checkApp(String app) {
    if (!app.equals(PI) && !app.matches("\\d{1,3}")) {
      throw new IllegalArgumentException("application '" + app + "' is neither an executor count (0 to 999) nor "
          + PI);
    }
  }

  private static int executors(String app) {
    return app.equals(PI) ? PI_EXECUTORS : Integer.parseInt(app);
  }

  private static String label(String app) {
    return app.equals(PI) ? "Pi (cluster mode, " + PI_EXECUTORS + " executors)" : "N=" + app;
  }

  private static Run run(LocalCluster cluster, WeftClient client, Path probeJar, String app)
      throws IOException, URISyntaxException {
    boolean pi = app.equals(PI);
    int executors = executors(app);
    SubmitOptions options = pi
        ? new SubmitOptions("weft", DeployMode.CLUSTER, Pi.class.getName(), "pi", "default", executors, PI_HEAP_MB,
            1, PI_HEAP_MB, 1, Map.of(), codeSource(Pi.class), List.of("10"))
        : new SubmitOptions("weft", DeployMode.CLUSTER, StartupProbe.class.getName(), "startup-probe-" + executors,
            "default", executors, EXECUTOR_HEAP_MB, 1, DRIVER_HEAP_MB, 1, Map.of(), probeJar,
            List.of(Integer.toString(executors)));
    ApplicationId id = new ClusterModeSubmitter(client, new PrintStream(OutputStream.nullOutputStream()))
        .submit(options);
    long[] running = {-1};
    ApplicationReport last = client.watch(id, report -> {
      if (report.getYarnApplicationState() == YarnApplicationState.RUNNING && running[0] < 0) {
        running[0] = System.currentTimeMillis();
      }
    });
    if (last.getYarnApplicationState() != YarnApplicationState.FINISHED
        || last.getFinalApplicationStatus() != FinalApplicationStatus.SUCCEEDED) {
      throw new IllegalStateException(id + " ended " + last.getYarnApplicationState() + "/" + last.getFinalApplicationStatus() + ": "
          + last.getDiagnostics() + "; AM log: " + ContainerLogs.amLog(cluster, id, "stderr").orElse(null));
    }
    long submitted = last.getStartTime();
    // Pi prints no registration time: only its end counts
    long executorsAt = executors == 0 || pi ? -1 : registeredAt(cluster, id) - submitted;
    long amCpu = -1;
    List<Long> executorCpu = new ArrayList<>();
    int warm = 0;
    for (Path stderr : ContainerLogs.all(cluster, id, "stderr")) {
      for (String line : Files.readAllLines(stderr)) {
        Matcher m = LAUNCH_CPU.matcher(line);
        if (!m.find()) {
          continue;
        }
        warm += m.group(2).startsWith("warm") ? 1 : 0;
        if (line.contains("registered with the ResourceManager")) {
          amCpu = Long.parseLong(m.group(1));
        } else {
          executorCpu.add(Long.parseLong(m.group(1)));
        }
      }
    }
    return new Run(running[0] - submitted, executorsAt, last.getFinishTime() - submitted, amCpu, executorCpu, warm);
  }

  private static Path codeSource(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static long registeredAt(LocalCluster cluster, ApplicationId id) throws IOException {
    Optional<Path> stdout = ContainerLogs.amLog(cluster, id, "stdout");
    if (stdout.isPresent()) {
      for (String line : Files.readAllLines(stdout.get())) {
        if (line.startsWith(StartupProbe.REGISTERED)) {
          return Long.parseLong(line.substring(StartupProbe.REGISTERED.length()).trim());
        }
      }
    }
    throw new IllegalStateException("the AM stdout of " + id + " (" + stdout.orElse(null) + ") has no "
        + StartupProbe.REGISTERED + " line");
  }

  private static void summarize(String app, List<Run> runs) {
    int executors = executors(app);
    System.out.printf("%s (%d runs):%n", label(app), runs.size());
    System.out.println("  submit -> AM registered:  " + Stats.summary(ms(runs, Run::amRegisteredMs), "ms"));
    if (executors > 0 && !app.equals(PI)) {
      System.out.printf("  submit -> %d executor(s) registered: %s%n", executors,
          Stats.summary(ms(runs, Run::executorsMs), "ms"));
    }
    System.out.println("  submit -> FINISHED:       " + Stats.summary(ms(runs, Run::finishedMs), "ms"));
    System.out.println("  AM CPU, launch -> registered: " + Stats.summary(ms(runs, Run::amCpuMs), "ms"));
    List<Double> executorCpu = runs.stream().flatMap(r -> r.executorCpuMs().stream()).map(Long::doubleValue).toList();
    if (!executorCpu.isEmpty()) {
      System.out.println("  executor CPU, launch -> registered (all runs' executors): "
          + Stats.summary(executorCpu, "ms"));
    }
    System.out.printf("  warm containers: %d of %d%n", runs.stream().mapToInt(Run::warmContainers).sum(),
        runs.stream().mapToInt(r -> r.executorCpuMs().size() + 1).sum());
  }

  private static List<Double> ms(List<Run> runs, java.util.function.ToLongFunction<Run> field) {
    return runs.stream().map(r -> (double) field.applyAsLong(r)).toList();
  }
}
