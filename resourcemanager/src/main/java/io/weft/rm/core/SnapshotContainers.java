package io.weft.rm.core;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.rm.container.RmContainer;
import io.weft.rm.core.CoreSnapshot.Container;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The container records of a {@link CoreSnapshot}, filed by attempt: a persistent map of attempts, each
 * to a {@link PersistentLongMap} of its containers by number. One map of every container would put each change
 * at the end of a path as deep as the RM holds containers (tens of thousands), compared on whole ids at
 * every step; here a batch's changes fall into the few attempts it touched, and into the few chunks of their
 * numbers it touched. Publishing them was a fifth of the core's time in a steady churn of allocations and
 * releases.
 */
final class SnapshotContainers {
  private static final SnapshotContainers EMPTY = new SnapshotContainers(PersistentMap.empty(), 0);

  private final PersistentMap<ApplicationAttemptId, PersistentLongMap<Container>> byAttempt;
  private final int size;

  private SnapshotContainers(PersistentMap<ApplicationAttemptId, PersistentLongMap<Container>> byAttempt,
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
    byAttempt.forEach((attempt, containers) -> containers.forEach(c -> action.accept(idOf(c), c)));
  }

  /** The containers of one attempt, in id order; none for an attempt it does not know. */
  void forEachOf(ApplicationAttemptId attempt, BiConsumer<ContainerId, Container> action) {
    PersistentLongMap<Container> containers = byAttempt.get(attempt);
    if (containers != null) {
      containers.forEach(c -> action.accept(idOf(c), c));
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
   * These records with {@code changes} applied in their order, through one editor per attempt the changes touch.
   * Shares every other attempt's map, and every chunk of numbers the changes do not touch.
   */
  SnapshotContainers with(List<Change> changes) {
    if (changes.isEmpty()) {
      return this;
    }
    Map<ApplicationAttemptId, PersistentLongMap.Editor<Container>> editors = new HashMap<>();
    ApplicationAttemptId lastAttempt = null;
    PersistentLongMap.Editor<Container> ofLast = null;
    for (Change change : changes) {
      ApplicationAttemptId attempt = change.id().attemptId();
      if (!attempt.equals(lastAttempt)) { // a batch's changes come in runs of one attempt
        lastAttempt = attempt;
        ofLast = editors.computeIfAbsent(attempt, a -> containersOf(a).edit());
      }
      RmContainer now = change.now();
      if (now == null) {
        ofLast.remove(change.id().id());
      } else {
        ofLast.put(change.id().id(), new Container(now.view(), now.isAmContainer()));
      }
    }
    var attempts = byAttempt.edit();
    int newSize = size;
    for (var entry : editors.entrySet()) {
      PersistentLongMap<Container> after = entry.getValue().done();
      newSize += after.size() - containersOf(entry.getKey()).size();
      if (after.size() == 0) {
        attempts.remove(entry.getKey());
      } else {
        attempts.put(entry.getKey(), after);
      }
    }
    return new SnapshotContainers(attempts.done(), newSize);
  }

  private PersistentLongMap<Container> containersOf(ApplicationAttemptId attempt) {
    PersistentLongMap<Container> containers = byAttempt.get(attempt);
    return containers == null ? PersistentLongMap.empty() : containers;
  }

  @Override
  public String toString() {
    return size + " containers of " + byAttempt.size() + " attempts";
  }
}
