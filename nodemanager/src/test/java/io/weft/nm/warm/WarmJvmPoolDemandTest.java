package io.weft.nm.warm;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.nm.launch.WeftJvmOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many JVMs of a heap the pool aims to keep after recent launches (its target), on a pool that is never
 * started (no JVM is started here; {@code WarmJvmTest} runs the real thing).
 */
class WarmJvmPoolDemandTest {
  private static final long HEAP = 128;
  private static final long OTHER_HEAP = 256;

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private WarmJvmPool pool(int count, int maxCount) {
    return new WarmJvmPool(new WarmJvmSettings(true, count, maxCount, List.of(HEAP, OTHER_HEAP), false), dir.resolve("local"),
        dir.resolve("logs"), System.getProperty("java.home"), "unused.jar", WeftJvmOptions.NONE, now::get);
  }

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  @Test
  void withoutLaunches_theTargetIsTheCount() {
    try (WarmJvmPool pool = pool(1, 4)) {
      assertThat(pool.target(HEAP)).isEqualTo(1);
    }
  }

  @Test
  void aBurstOfLaunches_raisesTheTargetOfItsHeapOnly_upToTheMaximum() {
    try (WarmJvmPool pool = pool(1, 4)) {
      for (int i = 0; i < 3; i++) {
        pool.demanded(HEAP);
        advance(Duration.ofMillis(300));
      }
      assertThat(pool.target(HEAP)).isEqualTo(3);
      assertThat(pool.target(OTHER_HEAP)).isEqualTo(1);
      for (int i = 0; i < 10; i++) {
        pool.demanded(HEAP);
      }
      assertThat(pool.target(HEAP)).as("capped by max-count").isEqualTo(4);
    }
  }

  @Test
  void launchesFurtherApartThanABurst_doNotAddUp() {
    try (WarmJvmPool pool = pool(1, 8)) {
      for (int i = 0; i < 5; i++) {
        pool.demanded(HEAP);
        advance(WarmJvmPool.BURST.plusSeconds(1));
      }
      assertThat(pool.target(HEAP)).isEqualTo(1);
      pool.demanded(HEAP);
      advance(WarmJvmPool.BURST.minusSeconds(1));
      pool.demanded(HEAP);
      assertThat(pool.target(HEAP)).isEqualTo(2);
    }
  }

  @Test
  void theTargetFallsBackToTheCount_onceTheBurstIsOlderThanTheWindow() {
    try (WarmJvmPool pool = pool(2, 6)) {
      for (int i = 0; i < 5; i++) {
        pool.demanded(HEAP);
      }
      assertThat(pool.target(HEAP)).isEqualTo(5);
      advance(WarmJvmPool.DEMAND_WINDOW.minusSeconds(1));
      assertThat(pool.target(HEAP)).isEqualTo(5);
      advance(Duration.ofSeconds(2));
      assertThat(pool.target(HEAP)).isEqualTo(2);
    }
  }

  @Test
  void launchesOfAHeapThePoolDoesNotKeep_areNotDemand() {
    try (WarmJvmPool pool = pool(1, 4)) {
      for (int i = 0; i < 3; i++) {
        pool.demanded(512);
      }
      assertThat(pool.stats().targetByHeapMb()).containsEntry(HEAP, 1).containsEntry(OTHER_HEAP, 1)
          .doesNotContainKey(512L);
    }
  }
}
