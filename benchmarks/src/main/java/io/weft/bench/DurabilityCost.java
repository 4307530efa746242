package io.weft.bench;

import io.grpc.ManagedChannel;
import io.weft.bench.yarn.DriverHostedAm;
import io.weft.bench.yarn.ResultLines;
import io.weft.client.WeftClient;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.dist.EmbeddedZooKeeper;
import io.weft.dist.RmHaStates;
import io.weft.dist.LocalCluster;
import io.weft.nm.NmConfig;
import io.weft.nm.NodeManager;
import io.weft.rm.HaResourceManager;
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
 * ({@code weft.resourcemanager.recovery.enabled=false}), and, with {@code --zookeeper true}, on an HA RM
 * (one RM elected through an embedded ZooKeeper) whose state is in ZooKeeper, rounds rotating which goes first. Figures per
 * side: applications per second and the submission call's latency (p50, p99), which includes the RM's
 * save of the application (it answers once the submission is durable). A first round of both sides warms
 * the JVM up and is not counted.
 *
 * <p>Usage: {@code DurabilityCost [--rounds 3] [--apps 100] [--concurrency 4] [--sync true] [--zookeeper false]}.
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
    boolean zookeeper = Boolean.parseBoolean(o.getOrDefault("zookeeper", "false"));
    Path work = Files.createTempDirectory("weft-bench-durability-");
    List<String> sides = zookeeper ? List.of("store", "memory", "zookeeper") : List.of("store", "memory");
    Map<String, List<Double>> rates = new java.util.HashMap<>();
    Map<String, List<Long>> submits = new java.util.HashMap<>();
    sides.forEach(side -> {
      rates.put(side, new ArrayList<>());
      submits.put(side, new ArrayList<>());
    });
    // Round 0 warms the JVM up on both sides (JIT, class loading, file caches) and is not counted: whichever side
    // ran first in a cold JVM would otherwise pay for it.
    for (int round = 0; round <= rounds; round++) {
      List<String> order = new ArrayList<>(sides);
      Collections.rotate(order, round);
      for (String side : order) {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Path dir = work.resolve(side + "-" + round);
        double rate = side.equals("zookeeper") ? runZooKeeperRound(dir, apps, concurrency, latencies)
            : runRound(dir, side.equals("memory")
                ? WeftConfig.of(Map.of("weft.resourcemanager.recovery.enabled", "false"))
                : WeftConfig.of(Map.of("weft.resourcemanager.store.sync", sync)), apps, concurrency, latencies);
        System.out.printf("# round %d %s: %.2f apps/s, submit p50 %.2f ms, p99 %.2f ms%s%n", round, side, rate,
            percentile(latencies, 50), percentile(latencies, 99), round == 0 ? " (warm-up, not counted)" : "");
        if (round > 0) {
          rates.get(side).add(rate);
          submits.get(side).addAll(latencies);
        }
      }
    }
    for (String side : sides) {
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
      return measure(dir, cluster.clientConfig(), cluster.rmAddress(), apps, concurrency, latencies);
    }
  }

  /** Tiny applications against the RM at {@code rmAddress}: a warm-up, then {@code apps} counted ones. */
  private static double measure(Path dir, WeftConfig clientConfig, HostPort rmAddress, int apps,
      int concurrency, List<Long> latencies) throws Exception {
    ManagedChannel rm = Channels.forAddress(rmAddress);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try (WeftClient client = WeftClient.connect(clientConfig)) {
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

  /** A round on an HA RM (the only one of its cluster) whose state store is an embedded ZooKeeper. */
  private static double runZooKeeperRound(Path dir, int apps, int concurrency, List<Long> latencies)
      throws Exception {
    try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir.resolve("zookeeper"), Daemon.freePort())) {
      RmEndpoints.Endpoint rm1 = new RmEndpoints.Endpoint("rm1", new HostPort("127.0.0.1", Daemon.freePort()),
          new HostPort("127.0.0.1", Daemon.freePort()));
      WeftConfig ha = WeftConfig.of(RmEndpoints.haKeys(List.of(rm1))).with(Map.of(
          "weft.resourcemanager.ha.id", "rm1",
          "weft.resourcemanager.zk-address", zk.connectString(),
          "weft.resourcemanager.cluster-id", "bench-durability",
          "weft.resourcemanager.staging-dir", dir.resolve("rm-staging").toString()));
      try (HaResourceManager rm = new HaResourceManager(ha)) {
        rm.start();
        RmHaStates.await(Map.of(rm1.id(), rm1.web()), "ACTIVE", java.time.Duration.ofMinutes(1));
        List<NodeManager> nms = new ArrayList<>();
        try {
          for (int i = 0; i < 2; i++) {
            Path nm = dir.resolve("nm-" + i);
            nms.add(new NodeManager(NmConfig.from(ha.with(Map.of("weft.nodemanager.address", "127.0.0.1:0",
                "weft.nodemanager.webapp.address", "127.0.0.1:0", "weft.nodemanager.local-dirs",
                nm.resolve("local").toString(), "weft.nodemanager.log-dirs", nm.resolve("logs").toString()))
                .validate()), java.time.Clock.systemUTC(), (containerId, state) -> { }));
            nms.get(i).start();
          }
          return measure(dir, ha, rm.address(), apps, concurrency, latencies);
        } finally {
          nms.forEach(NodeManager::close);
        }
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
