package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt's outstanding asks with YARN's semantics: an update replaces the count for its key
 * (it is the total still wanted, not a delta), and each allocation takes one off. Mutable; owned
 * by the RM core loop.
 */
public final class AskTable {
  private final Map<AskKey, PendingAsk> asks = new LinkedHashMap<>();

  /** Sets the outstanding count for {@code key}; 0 removes the ask. */
  public void update(AskKey key, int count, boolean amContainer) {
    if (count <= 0) {
      asks.remove(key);
    } else {
      asks.put(key, new PendingAsk(key, count, amContainer));
    }
  }

  /** Takes one off the ask for {@code key} after an allocation. */
  public void allocated(AskKey key) {
    PendingAsk ask = asks.get(key);
    if (ask != null) {
      update(key, ask.count() - 1, ask.amContainer());
    }
  }

  /** Whether one more container for {@code key} is still wanted. */
  public boolean wants(AskKey key) {
    PendingAsk ask = asks.get(key);
    return ask != null && ask.count() > 0;
  }

  public void clear() {
    asks.clear();
  }

  public boolean isEmpty() {
    return asks.isEmpty();
  }

  public List<PendingAsk> pending() {
    return new ArrayList<>(asks.values());
  }

  /** Total resources still wanted. */
  public Resource needed() {
    Resource total = Resource.NONE;
    for (PendingAsk ask : asks.values()) {
      total = total.add(ask.key().capability().multiply(ask.count()));
    }
    return total;
  }
}
