package io.weft.driver.scheduler;

import io.weft.driver.plan.Dependency;
import io.weft.driver.plan.Lineage;
import io.weft.driver.plan.Partition;
import io.weft.driver.storage.MapStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where a task would rather run: on the executor holding most of the shuffle input it reads. */
final class Locality {
  private Locality() {}

  /**
   * For a task reading shuffles (its partition, through one-to-one steps, is a reduce partition of each), the executor
   * with the most bytes of that reduce partition; empty when it reads no shuffle or holds nothing.
   */
  static String largestInputHolder(Lineage<?> lineage, Partition partition, Map<Integer, List<MapStatus>> inputs) {
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
