package io.weft.driver.storage;

import static java.util.Objects.requireNonNull;

/** An executor's storage as its tasks see it: shuffle files on its disk and cached partitions in memory. */
public record ExecutorStorage(ShuffleStore shuffles, BlockCache cache) {
  public ExecutorStorage {
    requireNonNull(shuffles, "shuffles");
    requireNonNull(cache, "cache");
  }
}
