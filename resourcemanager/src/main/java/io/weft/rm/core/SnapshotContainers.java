package io.weft.rm.core;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.rm.core.CoreSnapshot.Container;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The container records of a {@link CoreSnapshot}, filed by attempt: a persistent map of attempts, each
 * to a persistent map of its containers by number. One map of every container would put each change at
 * the end of a path as deep as the RM holds containers (tens of thousands), compared on whole ids at
 * every step; here a batch's changes fall into the few attempts it touched, whose trees hold hundreds,
 * and are compared on a number. Publishing them was a fifth of the core's time in a steady churn of
 * allocations and releases.
 */
final class SnapshotContainers {
  private static final SnapshotContainers EMPTY = new SnapshotContainers(PersistentMap.empty(), 0);

  private final PersistentMap<ApplicationAttemptId, PersistentMap<Long, Container>> byAttempt;
  private final int size;

  private SnapshotContainers(PersistentMap<ApplicationAttemptId, PersistentMap<Long, Container>> byAttempt,
      int size) {
    this.byAttempt = byAttempt;
    this.size = size;
  }

  static SnapshotContainers empty() {
    return EMPTY;
  }

  int size() {
    return size;
  }

  /** Every container, in id order (by attempt, then number). */
  void forEach(BiConsumer<ContainerId, Container> action) {
    byAttempt.forEach((attempt, containers) -> containers.forEach((n, c) -> action.accept(c.view().allocation().containerId(), c)));
  }

  /** The containers of one attempt, in id order; none for an attempt it does not know. */
  void forEachOf(ApplicationAttemptId attempt, BiConsumer<ContainerId, Container> action) {
    PersistentMap<Long, Container> containers = byAttempt.get(attempt);
    if (containers != null) {
      containers.forEach((n, c) -> action.accept(c.view().allocation().containerId(), c));
    }
  }

  /**
   * These records with each of {@code changed} as {@code current} says it is now: its record, or null for
   * one no longer kept. Shares every attempt's map the change does not touch.
   */
  SnapshotContainers with(Collection<ContainerId> changed, Function<ContainerId, Container> current) {
    if (changed.isEmpty()) {
      return this;
    }
    Map<ApplicationAttemptId, List<ContainerId>> byItsAttempt = new HashMap<>();
    for (ContainerId id : changed) {
      byItsAttempt.computeIfAbsent(id.attemptId(), a -> new ArrayList<>()).add(id);
    }
    var attempts = byAttempt.edit();
    int newSize = size;
    for (var entry : byItsAttempt.entrySet()) {
      PersistentMap<Long, Container> before = byAttempt.get(entry.getKey());
      if (before == null) {
        before = PersistentMap.empty();
      }
      var containers = before.edit();
      for (ContainerId id : entry.getValue()) {
        Container record = current.apply(id);
        if (record == null) {
          containers.remove(id.id());
        } else {
          containers.put(id.id(), record);
        }
      }
      PersistentMap<Long, Container> after = containers.done();
      newSize += after.size() - before.size();
      if (after.size() == 0) {
        attempts.remove(entry.getKey());
      } else {
        attempts.put(entry.getKey(), after);
      }
    }
    return new SnapshotContainers(attempts.done(), newSize);
  }

  @Override
  public String toString() {
    return size + " containers of " + byAttempt.size() + " attempts";
  }
}
