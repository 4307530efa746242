package io.weft.rm.core;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.rm.container.RmContainer;
import io.weft.rm.core.CoreSnapshot.Container;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

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
    byAttempt.forEach((attempt, containers) -> containers.forEach((n, c) -> action.accept(idOf(c), c)));
  }

  /** The containers of one attempt, in id order; none for an attempt it does not know. */
  void forEachOf(ApplicationAttemptId attempt, BiConsumer<ContainerId, Container> action) {
    PersistentMap<Long, Container> containers = byAttempt.get(attempt);
    if (containers != null) {
      containers.forEach((n, c) -> action.accept(idOf(c), c));
    }
  }

  private static ContainerId idOf(Container container) {
    return container.view().allocation().containerId();
  }

  /**
   * One change to the containers the core keeps, as {@link ClusterState} notes them: container {@code id} changed
   * and is now {@code now}, or (null) is no longer kept.
   */
  record Change(ContainerId id, RmContainer now) {}

  /**
   * These records with {@code changes} applied in their order (a container changed several times in a batch is
   * written once per change, cheaply, as the second write finds the path already copied). Shares every attempt's
   * map the changes do not touch.
   */
  SnapshotContainers with(List<Change> changes) {
    if (changes.isEmpty()) {
      return this;
    }
    Map<ApplicationAttemptId, List<Change>> changesByAttempt = new HashMap<>();
    ApplicationAttemptId lastAttempt = null;
    List<Change> ofLast = null;
    for (Change change : changes) {
      ApplicationAttemptId attempt = change.id().attemptId();
      if (!attempt.equals(lastAttempt)) { // a batch's changes come in runs of one attempt
        lastAttempt = attempt;
        ofLast = changesByAttempt.computeIfAbsent(attempt, a -> new ArrayList<>());
      }
      ofLast.add(change);
    }
    var attempts = byAttempt.edit();
    int newSize = size;
    for (var entry : changesByAttempt.entrySet()) {
      PersistentMap<Long, Container> before = byAttempt.get(entry.getKey());
      if (before == null) {
        before = PersistentMap.empty();
      }
      var containers = before.edit();
      for (Change change : entry.getValue()) {
        RmContainer now = change.now();
        if (now == null) {
          containers.remove(change.id().id());
        } else {
          containers.put(change.id().id(), new Container(now.view(), now.isAmContainer()));
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
