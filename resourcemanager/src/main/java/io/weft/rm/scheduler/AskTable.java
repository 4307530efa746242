package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One attempt's outstanding asks with YARN's semantics: the {@code *} request of a key carries the
 * total still wanted (an update replaces it, it is not a delta) and each allocation takes one
 * off; host and rack requests of the same key only name where those containers should go. Mutable;
 * owned by the RM core loop.
 */
public final class AskTable {
  /** Told whenever the table changes (its owner's report shows what it still needs). */
  private final Runnable onChange;
  private final Map<AskKey, PendingAsk> asks = new LinkedHashMap<>();
  /** Host and rack names asked for per key; kept apart since they may arrive before the total. */
  private final Map<AskKey, Set<String>> locations = new HashMap<>();
  /** Gang asks whose all-or-nothing part has been placed: the rest go one at a time. */
  private final Set<AskKey> gangsPlaced = new HashSet<>();

  public AskTable() {
    this(() -> { });
  }

  public AskTable(Runnable onChange) {
    this.onChange = java.util.Objects.requireNonNull(onChange);
  }

  /** Sets the outstanding count for {@code key} (anywhere, one at a time); 0 removes the ask. */
  public void update(AskKey key, int count, boolean amContainer) {
    update(key, count, amContainer, true, Gang.NONE, false, Instant.EPOCH);
  }

  /**
   * Sets the outstanding count for {@code key} with its options; 0 removes the ask. An ask keeps
   * the time it was first made across updates (delay scheduling and gang timeouts count from it).
   */
  public void update(AskKey key, int count, boolean amContainer, boolean relaxLocality, Gang gang,
      boolean antiAffinity, Instant now) {
    update(key, count, amContainer, relaxLocality, gang, antiAffinity, now, NodeView.DEFAULT_PARTITION);
  }

  /** As above, for containers of {@code partition} (a node label; "" = nodes without one). */
  public void update(AskKey key, int count, boolean amContainer, boolean relaxLocality, Gang gang,
      boolean antiAffinity, Instant now, String partition) {
    onChange.run();
    if (count <= 0) {
      remove(key);
      return;
    }
    PendingAsk old = asks.get(key);
    Instant since = old == null ? now : old.since();
    asks.put(key, new PendingAsk(key, count, amContainer, locality(key, relaxLocality), gang, antiAffinity, since,
        partition));
  }

  /** Adds (or with {@code wanted} false, drops) a host or rack name for the containers of {@code key}. */
  public void locate(AskKey key, String resourceName, boolean wanted) {
    onChange.run();
    if (wanted) {
      locations.computeIfAbsent(key, k -> new TreeSet<>()).add(resourceName);
    } else if (locations.containsKey(key)) {
      locations.get(key).remove(resourceName);
    }
    PendingAsk ask = asks.get(key);
    if (ask != null) {
      asks.put(key, new PendingAsk(key, ask.count(), ask.amContainer(), locality(key, ask.locality().relax()),
          ask.gang(), ask.antiAffinity(), ask.since(), ask.partition()));
    }
  }

  private Locality locality(AskKey key, boolean relax) {
    Set<String> names = locations.get(key);
    if (names == null || names.isEmpty()) {
      return Locality.ANY;
    }
    Set<String> hosts = new TreeSet<>();
    Set<String> racks = new TreeSet<>();
    names.forEach(n -> (Locality.isRack(n) ? racks : hosts).add(n));
    return Locality.of(hosts, racks, relax);
  }

  private void remove(AskKey key) {
    onChange.run();
    asks.remove(key);
    locations.remove(key);
    gangsPlaced.remove(key);
  }

  /** Takes one off the ask for {@code key} after an allocation. */
  public void allocated(AskKey key) {
    onChange.run();
    PendingAsk ask = asks.get(key);
    if (ask == null) {
      return;
    }
    if (ask.gang().isGang()) {
      gangsPlaced.add(key);
    }
    if (ask.count() <= 1) {
      remove(key);
    } else {
      asks.put(key, ask.withCount(ask.count() - 1));
    }
  }

  /** Whether one more container for {@code key} is still wanted. */
  public boolean wants(AskKey key) {
    PendingAsk ask = asks.get(key);
    return ask != null && ask.count() > 0;
  }

  /**
   * Withdraws every gang ask whose all-or-nothing part is still unplaced after its timeout, and
   * returns them.
   */
  public List<PendingAsk> expireGangs(Instant now) {
    List<PendingAsk> expired = new ArrayList<>();
    for (PendingAsk ask : pending()) {
      if (ask.gang().isGang() && !ask.gang().timeout().isZero() && !now.isBefore(gangDeadline(ask))) {
        expired.add(ask);
        remove(ask.key());
      }
    }
    return expired;
  }

  /** The earliest gang timeout still ahead, or null. */
  public Instant nextGangDeadline() {
    Instant next = null;
    for (PendingAsk ask : pending()) {
      if (ask.gang().isGang() && !ask.gang().timeout().isZero()) {
        Instant deadline = gangDeadline(ask);
        next = next == null || deadline.isBefore(next) ? deadline : next;
      }
    }
    return next;
  }

  private static Instant gangDeadline(PendingAsk ask) {
    return ask.since().plus(ask.gang().timeout());
  }

  public void clear() {
    onChange.run();
    asks.clear();
    locations.clear();
    gangsPlaced.clear();
  }

  public boolean isEmpty() {
    return asks.isEmpty();
  }

  /** The asks still wanted; a gang whose all-or-nothing part is placed shows as a plain ask. */
  public List<PendingAsk> pending() {
    List<PendingAsk> out = new ArrayList<>(asks.size());
    for (PendingAsk ask : asks.values()) {
      out.add(gangsPlaced.contains(ask.key()) ? new PendingAsk(ask.key(), ask.count(), ask.amContainer(),
          ask.locality(), Gang.NONE, ask.antiAffinity(), ask.since(), ask.partition()) : ask);
    }
    return out;
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
