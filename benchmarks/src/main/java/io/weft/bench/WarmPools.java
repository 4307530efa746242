package io.weft.bench;

import io.weft.common.lifecycle.Poll;
import io.weft.dist.LocalCluster;
import io.weft.nm.warm.WarmJvmPool;
import java.time.Duration;
import java.util.Optional;

/** The warm JVM pools of a benchmark's local cluster (docs/warm-jvms.md). */
public final class WarmPools {
  private WarmPools() {}

  /**
   * Waits until every NodeManager keeps {@code count} (or its pool's larger target) ready warm JVMs of each heap again, between runs and
   * outside what is measured: a node whose applications arrive further apart than a JVM start. Checks every
   * 20 ms (the pools publish no event); returns the ms waited.
   */
  public static long awaitFull(LocalCluster cluster, int count) throws InterruptedException {
    long start = System.nanoTime();
    Poll.until(() -> full(cluster, count) ? Optional.of(true) : Optional.empty(), Duration.ofMillis(20),
        Duration.ofMinutes(3)).orElseThrow(() -> new IllegalStateException("warm JVM pools not full after 3 minutes"));
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  /** Full: as many ready as the pool aims for now (more than the count after a burst, docs/warm-jvms.md). */
  private static boolean full(LocalCluster cluster, int count) {
    return cluster.nodeManagers().stream().allMatch(nm -> {
      WarmJvmPool.Stats stats = nm.warmJvms();
      return stats.readyByHeapMb().entrySet().stream().allMatch(ready -> ready.getValue()
          >= Math.max(count, stats.targetByHeapMb().getOrDefault(ready.getKey(), count)));
    });
  }
}
