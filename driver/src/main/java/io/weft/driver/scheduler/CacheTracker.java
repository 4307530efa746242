package io.weft.driver.scheduler;

import io.weft.driver.storage.CachedBlock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The driver's record of which executors hold each cached partition; an executor's blocks go with it. */
public final class CacheTracker {
  private final Map<CachedBlock, Set<String>> holders = new HashMap<>();

  public synchronized void add(CachedBlock block, String executorId) {
    holders.computeIfAbsent(block, b -> new LinkedHashSet<>()).add(executorId);
  }

  /** The executor that cached {@code block} first and still holds it. */
  public synchronized Optional<String> holder(CachedBlock block) {
    Set<String> executors = holders.get(block);
    return executors == null ? Optional.empty() : executors.stream().findFirst();
  }

  /** The executors holding at least one cached partition. */
  public synchronized Set<String> executorsWithBlocks() {
    Set<String> out = new java.util.HashSet<>();
    holders.values().forEach(out::addAll);
    return out;
  }

  /** Forgets every block of {@code executorId}; returns how many it held. */
  public synchronized int executorLost(String executorId) {
    int lost = 0;
    var it = holders.values().iterator();
    while (it.hasNext()) {
      Set<String> executors = it.next();
      if (executors.remove(executorId)) {
        lost++;
      }
      if (executors.isEmpty()) {
        it.remove();
      }
    }
    return lost;
  }
}
