package io.weft.driver.storage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Cached partitions of one executor, in memory. */
public final class BlockCache {
  private final Map<CachedBlock, List<?>> blocks = new ConcurrentHashMap<>();

  /**
   * The cached values of {@code block}, computing them first when absent; {@code onStored} hears of the
   * block when this call is the one that stored it, so the driver can learn where it lives.
   */
  @SuppressWarnings("unchecked")
  public <T> List<T> getOrCompute(CachedBlock block, Supplier<List<T>> compute, Consumer<CachedBlock> onStored) {
    List<T> cached = (List<T>) blocks.get(block);
    if (cached != null) {
      return cached;
    }
    List<T> computed = compute.get();
    if (blocks.putIfAbsent(block, computed) == null) {
      onStored.accept(block);
    }
    return computed;
  }

  public void clear() {
    blocks.clear();
  }
}
