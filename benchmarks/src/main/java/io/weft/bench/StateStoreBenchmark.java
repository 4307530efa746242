package io.weft.bench;

import io.weft.bench.yarn.ResultLines;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.rm.app.AppState;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.app.AttemptState;
import io.weft.rm.app.FinalStatus;
import io.weft.rm.container.Allocation;
import io.weft.rm.ha.HaPaths;
import io.weft.rm.store.ApplicationRecord;
import io.weft.rm.store.AttemptRecord;
import io.weft.rm.store.InMemoryStateStore;
import io.weft.rm.store.RecoveredState;
import io.weft.rm.store.RocksDbStateStore;
import io.weft.rm.store.StateStore;
import io.weft.rm.store.ZkStateStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.curator.test.TestingServer;

/**
 * The RM state store: (a) how long a restarted RM takes to open and load a store of 10,000 finished
 * applications with 2 attempts each (median of 5); (b) what saving a submission costs: latency of one
 * save awaited before the next (an application in NEW_SAVING waits for exactly this), and throughput of
 * saves made back to back by one thread (the RM core's pattern; the writer groups them into batches),
 * for RocksDB with sync=true (fsync per batch), sync=false, the in-memory store, and the ZooKeeper store (HA)
 * against a local ZooKeeper server (Curator's TestingServer: one server, its transaction log fsynced, on this
 * machine; a real ensemble adds the network and a quorum); (c) per application submit, the latency of its
 * two saves (application, then its first attempt, each awaited); (d) the ZooKeeper store's load of
 * {@value #ZK_LOAD_APPLICATIONS} finished applications (the RM keeps 1,000 ended ones by default), which a
 * failover waits for.
 *
 * <p>Usage: {@code StateStoreBenchmark [applications] [latency-writes] [throughput-writes]}
 */
public final class StateStoreBenchmark {
  private static final long CLUSTER_TIMESTAMP = 1_700_000_000_000L;
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final int LOAD_RUNS = 5;
  private static final int ZK_LOAD_APPLICATIONS = 1_000;

  private StateStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int applications = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int latencyWrites = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int throughputWrites = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    Path root = Files.createTempDirectory("weft-store-bench-");
    try {
      System.out.println("# state store benchmark in " + root + "; " + Runtime.getRuntime().availableProcessors()
          + " cores");
      loadAfterRestart(root.resolve("load"), applications);
      writes("rocksdb.sync", () -> new RocksDbStateStore(root.resolve("sync"), true), latencyWrites, throughputWrites);
      writes("rocksdb.nosync", () -> new RocksDbStateStore(root.resolve("nosync"), false), latencyWrites,
          throughputWrites);
      writes("inmemory", InMemoryStateStore::new, latencyWrites, throughputWrites);
      try (TestingServer server = new TestingServer(true);
          CuratorFramework zk = CuratorFrameworkFactory.builder().connectString(server.getConnectString())
              .sessionTimeoutMs(10_000).retryPolicy(new RetryUntilElapsed(10_000, 100)).build()) {
        zk.start();
        if (!zk.blockUntilConnected(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the local ZooKeeper at " + server.getConnectString() + " did not answer");
        }
        writes("zk", () -> new ZkStateStore(zk, new HaPaths("/bench/writes"), "rm1", message -> { }), latencyWrites,
            throughputWrites);
        zkLoad(zk, new HaPaths("/bench/load"));
      }
    } finally {
      RocksDbStateStore.format(root);
      Files.deleteIfExists(root);
    }
  }

  /** (a): fill a store, then open+load it {@value #LOAD_RUNS} times as a restarting RM would. */
  private static void loadAfterRestart(Path dir, int applications) {
    try (RocksDbStateStore store = new RocksDbStateStore(dir, false)) {
      CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
      for (int seq = 1; seq <= applications; seq++) {
        store.storeApplication(finished(seq));
        store.storeAttempt(attempt(seq, 1, AttemptState.FAILED));
        last = store.storeAttempt(attempt(seq, 2, AttemptState.FINISHED));
      }
      last.join();
    }
    List<Double> millis = new ArrayList<>();
    List<Double> cpuMillis = new ArrayList<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int run = 0; run < LOAD_RUNS; run++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      try (RocksDbStateStore store = new RocksDbStateStore(dir, true)) {
        RecoveredState state = store.load();
        millis.add((System.nanoTime() - start) / 1e6);
        // the loading thread's own CPU: what the load costs when the machine is shared
        cpuMillis.add((threads.getCurrentThreadCpuTime() - cpuStart) / 1e6);
        if (state.applications().size() != applications) {
          throw new IllegalStateException("loaded " + state.applications().size() + " of " + applications);
        }
      }
    }
    System.out.println("# open+load of " + applications + " applications with 2 attempts each: "
        + Stats.summary(millis, "ms"));
    Stats.emit("store.load.apps" + applications, millis, "ms");
    System.out.println("# the loading thread's CPU time: " + Stats.summary(cpuMillis, "ms"));
    Stats.emit("store.load.apps" + applications + ".cpu", cpuMillis, "ms");
  }

  /** (d): fill a ZooKeeper store, then load it {@value #LOAD_RUNS} times as a new active RM would. */
  private static void zkLoad(CuratorFramework zk, HaPaths paths) {
    try (ZkStateStore store = new ZkStateStore(zk, paths, "rm1", message -> { })) {
      store.load();
      CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
      for (int seq = 1; seq <= ZK_LOAD_APPLICATIONS; seq++) {
        store.storeApplication(finished(seq));
        store.storeAttempt(attempt(seq, 1, AttemptState.FAILED));
        last = store.storeAttempt(attempt(seq, 2, AttemptState.FINISHED));
      }
      last.join();
    }
    List<Double> millis = new ArrayList<>();
    for (int run = 0; run < LOAD_RUNS; run++) {
      long start = System.nanoTime();
      try (ZkStateStore store = new ZkStateStore(zk, paths, "rm" + run, message -> { })) {
        RecoveredState state = store.load();
        millis.add((System.nanoTime() - start) / 1e6);
        if (state.applications().size() != ZK_LOAD_APPLICATIONS) {
          throw new IllegalStateException("loaded " + state.applications().size() + " of " + ZK_LOAD_APPLICATIONS);
        }
      }
    }
    System.out.println("# ZooKeeper store: fence claim + load of " + ZK_LOAD_APPLICATIONS
        + " applications with 2 attempts each: " + Stats.summary(millis, "ms"));
    Stats.emit("store.load.zk.apps" + ZK_LOAD_APPLICATIONS, millis, "ms");
  }

  /** (b): one store's save latency (each awaited) and throughput (back to back). */
  private static void writes(String name, Supplier<StateStore> open, int latencyWrites, int throughputWrites) {
    try (StateStore store = open.get()) {
      store.load();
      int seq = 1;
      for (int i = 0; i < 200; i++, seq++) { // warm up the JIT and the WAL file
        store.storeApplication(submitted(seq)).join();
      }
      long[] nanos = new long[latencyWrites];
      for (int i = 0; i < latencyWrites; i++, seq++) {
        long start = System.nanoTime();
        store.storeApplication(submitted(seq)).join();
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      // microseconds: an in-memory save, or a batched WAL append, is far below a millisecond
      ResultLines.emit(System.out, "store.save." + name + ".p50", Stats.percentile(nanos, 50) * 1000, "us");
      ResultLines.emit(System.out, "store.save." + name + ".p99", Stats.percentile(nanos, 99) * 1000, "us");

      long start = System.nanoTime();
      CompletableFuture<Void> last = null;
      for (int i = 0; i < throughputWrites; i++, seq++) {
        last = store.storeApplication(submitted(seq));
      }
      last.join();
      double seconds = (System.nanoTime() - start) / 1e9;
      ResultLines.emit(System.out, "store.save." + name + ".throughput", throughputWrites / seconds, "saves/s");

      long[] submitNanos = new long[latencyWrites];
      for (int i = 0; i < latencyWrites; i++, seq++) {
        long submitStart = System.nanoTime();
        store.storeApplication(submitted(seq)).join();
        store.storeAttempt(attempt(seq, 1, AttemptState.SCHEDULED)).join();
        submitNanos[i] = System.nanoTime() - submitStart;
      }
      Arrays.sort(submitNanos);
      ResultLines.emit(System.out, "store.submit." + name + ".p50", Stats.percentile(submitNanos, 50) * 1000, "us");
      ResultLines.emit(System.out, "store.submit." + name + ".p99", Stats.percentile(submitNanos, 99) * 1000, "us");
    }
  }

  private static ApplicationId appId(int seq) {
    return new ApplicationId(CLUSTER_TIMESTAMP, seq);
  }

  /** About the size of a real submission: a launch context of 2 KB (command, environment, resources). */
  private static ApplicationRecord submitted(int seq) {
    ApplicationSubmission submission = new ApplicationSubmission(appId(seq), "etl-" + seq, "root.default", "alice",
        "WEFT", List.of("nightly"), 0, Resource.of(1024, 1), 2, new byte[2048], false);
    return ApplicationRecord.submitted(submission, T0.plusMillis(seq));
  }

  private static ApplicationRecord finished(int seq) {
    return submitted(seq).ended(AppState.FINISHED, FinalStatus.SUCCEEDED, "", T0.plusMillis(seq + 60_000));
  }

  private static AttemptRecord attempt(int seq, int number, AttemptState state) {
    ApplicationAttemptId id = new ApplicationAttemptId(appId(seq), number);
    Allocation am = new Allocation(new ContainerId(id, 1), new NodeId("host-" + seq % 50, 45454),
        "host-" + seq % 50 + ":8042", Resource.of(1024, 1), 0, 0, "alice");
    return new AttemptRecord(id, T0.plusMillis(seq), state, am, "host-" + seq % 50, 40000, "http://host:4040",
        state == AttemptState.FAILED ? "AM exited with 1" : "", state == AttemptState.FAILED ? 1 : 0,
        T0.plusMillis(seq + 30_000));
  }
}
