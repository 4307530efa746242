package io.weft.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Range bounds for {@code sortByKey}: a job samples up to {@value #PER_PARTITION} keys per partition. */
final class RangeBounds {
  static final int PER_PARTITION = 100;

  private RangeBounds() {}

  /** {@code numPartitions - 1} ascending keys splitting the sample evenly (fewer when keys are few). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static <K, V> List<Object> sample(Dataset<Pair<K, V>> pairs, int numPartitions) {
    if (numPartitions == 1) {
      return List.of();
    }
    List<ArrayList<Object>> samples = pairs.context().runJob(pairs.lineage(), it -> {
      ArrayList<Object> reservoir = new ArrayList<>();
      Random random = new Random(42);
      long seen = 0;
      while (it.hasNext()) {
        Object key = it.next().key();
        seen++;
        if (reservoir.size() < PER_PARTITION) {
          reservoir.add(key);
        } else {
          long slot = (long) (random.nextDouble() * seen);
          if (slot < PER_PARTITION) {
            reservoir.set((int) slot, key);
          }
        }
      }
      return reservoir;
    });
    List<Comparable> keys = new ArrayList<>();
    samples.forEach(s -> s.forEach(k -> keys.add((Comparable) k)));
    Collections.sort(keys);
    List<Object> bounds = new ArrayList<>();
    for (int i = 1; i < numPartitions && !keys.isEmpty(); i++) {
      Comparable bound = keys.get((int) ((long) i * keys.size() / numPartitions));
      if (bounds.isEmpty() || ((Comparable) bounds.get(bounds.size() - 1)).compareTo(bound) < 0) {
        bounds.add(bound);
      }
    }
    return bounds;
  }
}
