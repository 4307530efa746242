package io.weft.bench.yarn;

import io.weft.bench.Stats;
import io.weft.bench.WarmPools;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.dist.LocalCluster;
import io.weft.nm.NmKeys;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Weft's side of the harness's end-to-end measurement (E2ELatency): a LocalCluster (1 RM + 2 NMs of
 * 16 GB / 16 vcores in this JVM, every AM and container a real process, warm JVMs on as on the daemons) runs, for each variant and N, an
 * application whose N containers of 1 GB execute {@code true}, once as a warm-up per variant, then
 * {@code --reps} times, and prints median/min/max of, in ms from the RM's submit time:
 * {@code am_launched}, {@code am_registered} (the client sees RUNNING), {@code all_running} (the NMs have
 * started the last task container's process), {@code all_done} (the last one has exited),
 * {@code finished} (the client sees the AM unregistered: FINISHING, which YARN's reports show as FINISHED) and,
 * Weft only, {@code finished_am_exited} (FINISHED: the AM's process has exited too). The client follows the
 * application through the RM's WatchApplication stream (pushed, no polling; the harness polls every 5 ms).
 *
 * <p>Usage: {@code WeftEndToEnd [--reps 5] [--ns 1,4,16] [--variants trueam,ds] [--work DIR]}
 */
public final class WeftEndToEnd {
  static final String PREFIX = "e2e.weft";
  /** The figures of one run, named as the harness names them ({@code finished_am_exited} is Weft's own). */
  private static final List<String> METRICS = List.of("am_launched", "am_registered", "all_running", "all_done",
      "finished", "finished_am_exited");
  private static final long NODE_MEMORY_MB = 16384;
  private static final int NODE_VCORES = 16;

  private final ContainerTimes containers;
  private final WeftClient client;
  private final Path examplesJar = WeftApps.examplesJar();

  private WeftEndToEnd(ContainerTimes containers, WeftClient client) {
    this.containers = containers;
    this.client = client;
  }

  public static void main(String[] args) {
    try {
      run(Args.parse(args));
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(Args args) throws Exception {
    ContainerTimes containers = new ContainerTimes();
    try (LocalCluster cluster = LocalCluster.builder(args.work()).nodeManagers(2).nodeMemoryMb(NODE_MEMORY_MB)
        .nodeVcores(NODE_VCORES).config(WeftConfig.empty().with(NmKeys.WARM_JVMS_ENABLED, true))
        .containerObserver(containers).build()) {
      cluster.start();
      try (WeftClient client = WeftClient.connect(cluster.clientConfig())) {
        // LocalCluster.start() returns once each NodeManager has registered
        int nodes = client.getClusterMetrics().getNumActiveNodeManagers();
        if (nodes < 2) {
          throw new IllegalStateException("2 NodeManagers should be running, the RM counts " + nodes);
        }
        WeftEndToEnd e2e = new WeftEndToEnd(containers, client);
        ResultLines.emit(System.out, PREFIX + ".config.nm_heartbeat_interval",
            RmKeys.NM_HEARTBEAT_INTERVAL.parse(RmKeys.NM_HEARTBEAT_INTERVAL.defaultText()).toMillis(), "ms");
        ResultLines.emitText(System.out, PREFIX + ".config.scheduler", "event-driven-capacity", "");
        ResultLines.emit(System.out, PREFIX + ".cluster_idle_rss", Footprints.rssMib(ProcessHandle.current().pid()),
            "MiB");
        for (String variant : args.variants()) {
          // a warm-up per variant, not in the figures (class loading, JIT, file caches), printed: a new user's first run
          System.out.println("# " + variant + " n1 first run, not in the figures " + e2e.runOnce(variant, 1));
          for (int n : args.ns()) {
            Map<String, List<Double>> samples = new LinkedHashMap<>();
            for (int r = 0; r < args.reps(); r++) {
              // warm JVMs on, as on the daemons by default; each run finds the pools full again
              WarmPools.awaitFull(cluster);
              Map<String, Long> one = e2e.runOnce(variant, n);
              System.out.println("# " + variant + " n" + n + " rep " + r + " " + one);
              one.forEach((k, v) -> {
                if (v >= 0) {
                  samples.computeIfAbsent(k, x -> new ArrayList<>()).add((double) v);
                }
              });
            }
            for (String metric : METRICS) {
              String name = PREFIX + "." + variant + ".n" + n + "." + metric;
              List<Double> xs = samples.getOrDefault(metric, List.of());
              Stats.emit(name, xs, "ms");
              if (xs.size() < args.reps()) {
                ResultLines.emit(System.out, name + ".samples", xs.size(), "");
              }
            }
          }
        }
        ResultLines.emit(System.out, PREFIX + ".cluster_rss_after_runs",
            Footprints.rssMib(ProcessHandle.current().pid()), "MiB");
      }
    }
  }

  /** Runs one application to its end; returns each figure in ms from the RM's submit time (-1 if not seen). */
  private Map<String, Long> runOnce(String variant, int n) throws Exception {
    ApplicationId id = submit(variant, n);
    AtomicLong registered = new AtomicLong(-1);
    AtomicLong unregistered = new AtomicLong(-1);
    AtomicLong ended = new AtomicLong(-1);
    ApplicationReport last = client.watch(id, report -> {
      long now = System.currentTimeMillis();
      YarnApplicationState state = report.getYarnApplicationState();
      if (state == YarnApplicationState.RUNNING) {
        registered.compareAndSet(-1, now);
      }
      // YARN's reports show FINISHING as FINISHED, so YARN's "finished" is the AM's unregistration.
      if (state == YarnApplicationState.FINISHING || WeftClient.isFinal(state)) {
        unregistered.compareAndSet(-1, now);
        registered.compareAndSet(-1, now);
      }
      if (WeftClient.isFinal(state)) {
        ended.compareAndSet(-1, now);
      }
    });
    if (last.getFinalApplicationStatus() != FinalApplicationStatus.SUCCEEDED) {
      throw new IllegalStateException(id + " ended " + last.getYarnApplicationState() + "/" + last.getFinalApplicationStatus() + ": "
          + last.getDiagnostics());
    }
    long t0 = last.getStartTime();
    ContainerId am = last.getAmContainerId().orElse(null);
    long[] tasks = ContainerTimes.lastLaunchAndExit(containers.tasksOf(id, am), n);
    awaitQuiet(id);
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("am_launched", last.getLaunchTime() > 0 ? last.getLaunchTime() - t0 : -1);
    out.put("am_registered", registered.get() - t0);
    out.put("all_running", tasks[0] > 0 ? tasks[0] - t0 : -1);
    out.put("all_done", tasks[1] > 0 ? tasks[1] - t0 : -1);
    out.put("finished", unregistered.get() - t0);
    out.put("finished_am_exited", ended.get() - t0);
    return out;
  }

  private ApplicationId submit(String variant, int n) {
    return switch (variant) {
      case "trueam" -> WeftApps.submitMinimalAm(client, examplesJar, n);
      case "ds" -> WeftApps.submitDistributedShell(client, n);
      default -> throw new IllegalArgumentException("unknown variant '" + variant + "'; the variants are trueam, ds");
    };
  }

  /** Waits (up to 30 s) until every process of {@code id}, its AM's too, has exited: the next run finds idle nodes. */
  private void awaitQuiet(ApplicationId id) throws InterruptedException {
    containers.awaitAllExited(id, Duration.ofSeconds(30));
  }

  /** {@code --reps}, {@code --ns}, {@code --variants}, {@code --work}. */
  record Args(int reps, List<Integer> ns, List<String> variants, Path work) {
    static Args parse(String[] a) {
      Map<String, String> o = new LinkedHashMap<>();
      for (int i = 0; i < a.length; i += 2) {
        if (!a[i].startsWith("--") || i + 1 >= a.length) {
          throw new IllegalArgumentException("expected --key value, got '" + a[i] + "'");
        }
        o.put(a[i].substring(2), a[i + 1]);
      }
      List<Integer> ns = new ArrayList<>();
      for (String s : o.getOrDefault("ns", "1,4,16").split(",")) {
        ns.add(Integer.parseInt(s.strip()));
      }
      return new Args(Integer.parseInt(o.getOrDefault("reps", "5")), ns,
          List.of(o.getOrDefault("variants", "trueam,ds").split(",")),
          Path.of(o.getOrDefault("work", "benchmarks/target/e2e-work")).toAbsolutePath());
    }
  }
}
