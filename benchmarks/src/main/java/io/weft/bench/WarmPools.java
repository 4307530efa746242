package io.weft.bench;

import io.weft.dist.LocalCluster;
import java.time.Duration;

/** The warm JVM pools of a benchmark's local cluster (docs/warm-jvms.md). */
public final class WarmPools {
  private WarmPools() {}

  /**
   * Waits until every NodeManager's pools are full again ({@link LocalCluster#awaitWarmJvms}), between runs and
   * outside what is measured: a node whose applications arrive further apart than a JVM start. Returns the ms
   * waited.
   */
  public static long awaitFull(LocalCluster cluster) throws InterruptedException {
    return cluster.awaitWarmJvms(Duration.ofMinutes(3))
        .orElseThrow(() -> new IllegalStateException("warm JVM pools not full after 3 minutes")).toMillis();
  }
}
