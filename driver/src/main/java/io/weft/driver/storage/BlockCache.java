package io.weft.driver.storage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Cached partitions of one executor, in memory, by lineage id and partition. */
public final class BlockCache {
  private final Map<String, List<?>> blocks = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  public <T> List<T> getOrCompute(int lineageId, int partition, Supplier<List<T>> compute) {
    String key = lineageId + "_" + partition;
    List<T> cached = (List<T>) blocks.get(key);
    if (cached != null) {
      return cached;
    }
    List<T> computed = compute.get();
    blocks.putIfAbsent(key, computed);
    return computed;
  }

  public void clear() {
    blocks.clear();
  }
}
