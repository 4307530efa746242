package io.weft.rm.core;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The ids of records changed since the set was last drained, for work the core does once per batch
 * instead of once per change (re-filing nodes in the scheduler's index, publishing snapshots, queue
 * usage).
 *
 * <p>Drained by handing the set over and starting a new one sized like it, not by clearing: one large
 * batch (a cluster filling up) would leave a cleared set's table that large, and every later clear
 * would cost its size; sized like the last, a steady stream of like batches does not grow a table
 * from 16 each time. Confined to the core's thread.
 */
final class ChangedIds<T> {
  private Set<T> ids = new HashSet<>();

  void add(T id) {
    ids.add(id);
  }

  boolean isEmpty() {
    return ids.isEmpty();
  }

  /** The ids now, read-only (changes as ids are added, until drained). */
  Set<T> view() {
    return Collections.unmodifiableSet(ids);
  }

  /** The ids added since the last drain; the caller owns the set, and this starts empty again. */
  Set<T> drain() {
    Set<T> out = ids;
    ids = new HashSet<>(capacityLike(out.size()));
    return out;
  }

  /** A hash table's initial capacity that holds {@code size} entries without growing. */
  static int capacityLike(int size) {
    return Math.max(16, (int) (size / 0.75f) + 1);
  }
}
