package io.weft.driver.scheduler;

import io.weft.driver.plan.CachedLineage;
import io.weft.driver.plan.Dependency;
import io.weft.driver.plan.Lineage;
import io.weft.driver.plan.Partition;
import io.weft.driver.storage.CachedBlock;
import io.weft.driver.storage.MapStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a task would rather run: on an executor that cached a partition the task reads (nothing to
 * compute), else on the executor holding most of the shuffle input it reads (least to fetch).
 */
final class Locality {
  private Locality() {}

  /** The executor {@code partition}'s task should run on, or empty when none is better than another. */
  static String preferredExecutor(Lineage<?> lineage, Partition partition, Map<Integer, List<MapStatus>> inputs,
      CacheTracker cache) {
    return nearestCacheHolder(lineage, partition, cache).orElseGet(
        () -> largestInputHolder(lineage, partition, inputs));
  }

  /** Walking down one-to-one steps (same partition index), the first cached partition an executor holds. */
  private static Optional<String> nearestCacheHolder(Lineage<?> lineage, Partition partition, CacheTracker cache) {
    while (true) {
      if (lineage instanceof CachedLineage<?>) {
        Optional<String> holder = cache.holder(new CachedBlock(lineage.id(), partition.index()));
        if (holder.isPresent()) {
          return holder;
        }
      }
      if (lineage.dependencies().size() != 1 || !(lineage.dependencies().get(0) instanceof Dependency.OneToOne one)) {
        return Optional.empty();
      }
      lineage = one.parent();
    }
  }

  /**
   * For a task reading shuffles (its partition, through one-to-one steps, is a reduce partition of each), the executor
   * with the most bytes of that reduce partition; empty when it reads no shuffle or holds nothing.
   */
  private static String largestInputHolder(Lineage<?> lineage, Partition partition, Map<Integer, List<MapStatus>> inputs) {
    while (lineage.dependencies().size() == 1 && lineage.dependencies().get(0) instanceof Dependency.OneToOne one) {
      lineage = one.parent(); // same partition index all the way down
    }
    boolean readsShuffleDirectly = lineage.dependencies().stream().allMatch(d -> d instanceof Dependency.Shuffle)
        && !lineage.dependencies().isEmpty();
    if (!readsShuffleDirectly) {
      return "";
    }
    Map<String, Long> bytes = new HashMap<>();
    for (Dependency dependency : lineage.dependencies()) {
      for (MapStatus status : inputs.getOrDefault(((Dependency.Shuffle) dependency).shuffleId(), List.of())) {
        if (partition.index() < status.blockSizes().length) {
          bytes.merge(status.executorId(), status.blockSizes()[partition.index()], Long::sum);
        }
      }
    }
    return bytes.entrySet().stream().filter(e -> e.getValue() > 0).max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey).orElse("");
  }
}
