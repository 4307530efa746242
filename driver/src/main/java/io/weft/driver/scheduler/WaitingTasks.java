package io.weft.driver.scheduler;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Tasks waiting for a free core, in the order the {@link SchedulingMode} takes them: FIFO keeps one
 * queue (a retried task is put first); FAIR keeps a queue per pool and takes from the pool
 * {@link PoolShares} names, so choosing costs the number of pools, not the number of tasks. Not
 * thread-safe: the task scheduler's monitor guards it.
 */
final class WaitingTasks<T> {
  private final boolean byPool;
  private final Function<T, String> poolOf;
  private final PoolShares shares;
  /** Non-empty queues only; one (key "") in FIFO mode. */
  private final Map<String, Deque<T>> queues = new LinkedHashMap<>();
  private int size;

  WaitingTasks(SchedulingMode mode, Function<T, String> poolOf, PoolShares shares) {
    this.byPool = mode == SchedulingMode.FAIR;
    this.poolOf = poolOf;
    this.shares = shares;
  }

  void addLast(T task) {
    queueOf(task).addLast(task);
    size++;
  }

  /** A task to run before the others of its queue (a retry). */
  void addFirst(T task) {
    queueOf(task).addFirst(task);
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The task that gets the next free core, removed; call only when not empty. */
  T poll() {
    String key = queues.size() == 1 ? queues.keySet().iterator().next() : shares.next(queues.keySet());
    Deque<T> queue = queues.get(key);
    T task = queue.pollFirst();
    size--;
    if (queue.isEmpty()) {
      queues.remove(key);
    }
    return task;
  }

  void removeIf(Predicate<T> filter) {
    for (Iterator<Deque<T>> it = queues.values().iterator(); it.hasNext(); ) {
      Deque<T> queue = it.next();
      int before = queue.size();
      queue.removeIf(filter);
      size -= before - queue.size();
      if (queue.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Waiting tasks per pool (pools with none left out), sorted by name. */
  Map<String, Integer> countByPool() {
    Map<String, Integer> counts = new TreeMap<>();
    queues.values().forEach(queue -> queue.forEach(task -> counts.merge(poolOf.apply(task), 1, Integer::sum)));
    return counts;
  }

  private Deque<T> queueOf(T task) {
    return queues.computeIfAbsent(byPool ? poolOf.apply(task) : "", key -> new ArrayDeque<>());
  }
}
