package io.weft.bench;

import io.grpc.ManagedChannel;
import io.weft.bench.yarn.DriverHostedAm;
import io.weft.bench.yarn.ResultLines;
import io.weft.client.WeftClient;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.Channels;
import io.weft.dist.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cost of the durable state store, both sides in one run: tiny applications (each runs {@code true}
 * in one container, its AM's work done in this JVM: {@link DriverHostedAm}) on a local cluster whose RM
 * keeps its state in RocksDB (the default) and on one whose RM keeps it in memory
 * ({@code weft.resourcemanager.recovery.enabled=false}), rounds alternating which goes first. Figures per
 * side: applications per second and the submission call's latency (p50, p99), which includes the RM's
 * save of the application (it answers once the submission is durable). A first round of both sides warms
 * the JVM up and is not counted.
 *
 * <p>Usage: {@code DurabilityCost [--rounds 3] [--apps 100] [--concurrency 4] [--sync true]}.
 */
public final class DurabilityCost {
  private DurabilityCost() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
    int apps = Integer.parseInt(o.getOrDefault("apps", "100"));
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "4"));
    String sync = o.getOrDefault("sync", "true");
    Path work = Files.createTempDirectory("weft-bench-durability-");
    Map<String, List<Double>> rates = Map.of("store", new ArrayList<>(), "memory", new ArrayList<>());
    Map<String, List<Long>> submits = Map.of("store", new ArrayList<>(), "memory", new ArrayList<>());
    // Round 0 warms the JVM up on both sides (JIT, class loading, file caches) and is not counted: whichever side
    // ran first in a cold JVM would otherwise pay for it.
    for (int round = 0; round <= rounds; round++) {
      List<String> order = round % 2 == 1 ? List.of("store", "memory") : List.of("memory", "store");
      for (String side : order) {
        WeftConfig config = side.equals("memory")
            ? WeftConfig.of(Map.of("weft.resourcemanager.recovery.enabled", "false"))
            : WeftConfig.of(Map.of("weft.resourcemanager.store.sync", sync));
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        double rate = runRound(work.resolve(side + "-" + round), config, apps, concurrency, latencies);
        System.out.printf("# round %d %s: %.2f apps/s, submit p50 %.2f ms, p99 %.2f ms%s%n", round, side, rate,
            percentile(latencies, 50), percentile(latencies, 99), round == 0 ? " (warm-up, not counted)" : "");
        if (round > 0) {
          rates.get(side).add(rate);
          submits.get(side).addAll(latencies);
        }
      }
    }
    for (String side : List.of("store", "memory")) {
      Stats.emit("durability." + side + ".tiny_apps_per_s", rates.get(side), "apps/s");
      ResultLines.emit(System.out, "durability." + side + ".submit_p50", percentile(submits.get(side), 50), "ms");
      ResultLines.emit(System.out, "durability." + side + ".submit_p99", percentile(submits.get(side), 99), "ms");
    }
    System.exit(0);
  }

  private static double runRound(Path dir, WeftConfig config, int apps, int concurrency, List<Long> latencies)
      throws Exception {
    try (LocalCluster cluster = LocalCluster.builder(dir).nodeManagers(2).config(config).build()) {
      cluster.start();
      ManagedChannel rm = Channels.forAddress(cluster.rmAddress());
      ExecutorService pool = Executors.newFixedThreadPool(concurrency);
      try (WeftClient client = WeftClient.connect(cluster.clientConfig())) {
        DriverHostedAm tiny = new DriverHostedAm(client, rm, Files.createDirectories(dir.resolve("handoff")));
        run(pool, tiny, Math.max(4, apps / 10), nanos -> { }); // warm-up: JIT, class loading, file caches
        long t0 = System.nanoTime();
        int ok = run(pool, tiny, apps, latencies::add);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (ok != apps) {
          throw new IllegalStateException((apps - ok) + " of " + apps + " tiny applications failed");
        }
        return apps / secs;
      } finally {
        pool.shutdownNow();
        Channels.close(rm);
      }
    }
  }

  private static int run(ExecutorService pool, DriverHostedAm tiny, int apps, java.util.function.LongConsumer latency)
      throws Exception {
    AtomicInteger ok = new AtomicInteger();
    List<Future<?>> runs = new ArrayList<>();
    for (int i = 0; i < apps; i++) {
      runs.add(pool.submit(() -> {
        if (tiny.runOne(latency)) {
          ok.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> run : runs) {
      run.get();
    }
    return ok.get();
  }

  private static double percentile(List<Long> nanos, double p) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return Stats.percentile(sorted, p);
  }
}
