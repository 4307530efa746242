package io.weft.driver.scheduler;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running tasks of each scheduling pool, and FAIR mode's choice of the pool that gets the next
 * free core: the one with the fewest running tasks; on a tie the one served longest ago, so equal
 * pools take turns (then by name, for a first turn). Not thread-safe: the task scheduler's monitor
 * guards it.
 */
final class PoolShares {
  private final Map<String, Integer> running = new HashMap<>();
  private final Map<String, Long> lastServed = new HashMap<>();
  private long turns;

  void taskStarted(String pool) {
    running.merge(pool, 1, Integer::sum);
    lastServed.put(pool, ++turns);
  }

  void taskEnded(String pool) {
    running.computeIfPresent(pool, (name, count) -> count > 1 ? count - 1 : null);
  }

  /** Of the pools with tasks waiting (at least one), the one whose task starts next. */
  String next(Collection<String> waiting) {
    return waiting.stream().min(Comparator.<String>comparingInt(pool -> running.getOrDefault(pool, 0))
        .thenComparingLong(pool -> lastServed.getOrDefault(pool, 0L))
        .thenComparing(Comparator.naturalOrder())).orElseThrow();
  }

  /** Running tasks per pool (pools with none left out), sorted by name. */
  Map<String, Integer> runningByPool() {
    return new TreeMap<>(running);
  }
}
