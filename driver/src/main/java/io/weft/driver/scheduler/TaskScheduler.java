package io.weft.driver.scheduler;

import io.weft.driver.DriverKeys;
import io.weft.driver.WeftJobException;
import io.weft.driver.storage.CachedBlock;
import io.weft.driver.status.DriverEvent;
import io.weft.driver.status.DriverListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Places tasks on free executor slots (one per core, least-loaded executor first), retries a
 * failed task until it has failed {@code maxFailures} times and then fails its task set with the
 * task's last error. Which waiting task gets a free slot is the {@link SchedulingMode}'s choice:
 * the earliest submitted (FIFO), or the earliest of the pool with the fewest running tasks (FAIR). Executors come and go at any time; tasks running on a lost executor count as
 * failed attempts and run again elsewhere. All state is guarded by one monitor; executors are
 * called outside it. What happens to tasks and executors is told to a {@link DriverListener}.
 */
public final class TaskScheduler {
  private static final Logger LOG = LogManager.getLogger();

  private final int maxFailures;
  private final SchedulingMode mode;
  private final DriverListener listener;
  private final PoolShares pools = new PoolShares();
  private final MapOutputTracker mapOutputs = new MapOutputTracker();
  private final CacheTracker cachedBlocks = new CacheTracker();
  private final Map<String, ExecutorSlots> executors = new LinkedHashMap<>();
  private final WaitingTasks<Pending> pending;
  private final Map<Long, Running> running = new HashMap<>();
  private final List<TaskSetRun> active = new ArrayList<>();
  private final List<ExecutorCountWaiter> executorCountWaiters = new ArrayList<>();
  /** Executors being released (dynamic allocation), with why: they get no new tasks. */
  private final Map<String, String> retiring = new HashMap<>();
  private long nextTaskId;
  private String stoppedReason;

  public TaskScheduler(int maxFailures) {
    this(maxFailures, DriverListener.NONE);
  }

  public TaskScheduler(int maxFailures, DriverListener listener) {
    this(maxFailures, SchedulingMode.FIFO, listener);
  }

  public TaskScheduler(int maxFailures, SchedulingMode mode, DriverListener listener) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be positive, got " + maxFailures);
    }
    this.maxFailures = maxFailures;
    this.mode = java.util.Objects.requireNonNull(mode);
    this.pending = new WaitingTasks<>(mode, p -> p.run().set.pool(), pools);
    this.listener = java.util.Objects.requireNonNull(listener);
  }

  public SchedulingMode mode() {
    return mode;
  }

  /** Tasks running now per scheduling pool (pools with none left out). */
  public synchronized Map<String, Integer> runningTasksByPool() {
    return pools.runningByPool();
  }

  /** Tasks waiting for a free core per scheduling pool (pools with none left out), sorted by name. */
  public synchronized Map<String, Integer> waitingTasksByPool() {
    return pending.countByPool();
  }

  /** Where this scheduler's and its job runner's events go. */
  public DriverListener listener() {
    return listener;
  }

  /** Queues every task of {@code set}; the future completes with the results in partition order. */
  public CompletableFuture<List<byte[]>> submit(TaskSet set) {
    List<Runnable> actions;
    TaskSetRun run = new TaskSetRun(set);
    synchronized (this) {
      if (stoppedReason != null) {
        run.future.completeExceptionally(new WeftJobException("cannot run " + set.name() + ": " + stoppedReason));
        return run.future;
      }
      if (set.tasks().isEmpty()) {
        run.future.complete(List.of());
        return run.future;
      }
      active.add(run);
      for (int i = 0; i < set.tasks().size(); i++) {
        pending.addLast(new Pending(run, i));
      }
      LOG.info("submitted {} with {} task(s)", set.name(), set.tasks().size());
      actions = placeTasks();
    }
    actions.forEach(Runnable::run);
    return run.future;
  }

  public void executorAdded(ExecutorHandle executor) {
    List<Runnable> actions;
    synchronized (this) {
      if (stoppedReason != null) {
        actions = List.of(() -> executor.stop(stoppedReason));
      } else {
        if (executors.containsKey(executor.id())) {
          throw new IllegalStateException("executor " + executor.id() + " is already registered");
        }
        executors.put(executor.id(), new ExecutorSlots(executor));
        listener.onEvent(new DriverEvent.ExecutorAdded(executor.id(), executor.host(), executor.cores(),
            executor.logUrl(), Instant.now()));
        LOG.info("executor {} added with {} core(s); {} executor(s), {} core(s) in total", executor.id(),
            executor.cores(), executors.size(), totalCores());
        actions = placeTasks();
        actions.addAll(reachedExecutorCounts());
      }
    }
    actions.forEach(Runnable::run);
  }

  /**
   * Completes once {@code count} executors are registered at the same time (at once if they
   * already are): a push, so a caller that waits for its executors needs no polling.
   */
  public CompletableFuture<Void> whenExecutorsRegistered(int count) {
    ExecutorCountWaiter waiter = new ExecutorCountWaiter(count, new CompletableFuture<>());
    synchronized (this) {
      if (executors.size() < count) {
        executorCountWaiters.add(waiter);
        return waiter.future();
      }
    }
    waiter.future().complete(null);
    return waiter.future();
  }

  private List<Runnable> reachedExecutorCounts() {
    List<Runnable> reached = new ArrayList<>();
    executorCountWaiters.removeIf(waiter -> {
      if (waiter.count() > executors.size()) {
        return false;
      }
      reached.add(() -> waiter.future().complete(null));
      return true;
    });
    return reached;
  }

  private record ExecutorCountWaiter(int count, CompletableFuture<Void> future) {}

  /** The executor is gone; its running tasks count as failed attempts. Unknown ids are ignored. */
  public void executorLost(String executorId, String reason) {
    executorLost(executorId, reason, true);
  }

  /**
   * The executor is gone; its running tasks run again, counting as failed attempts only when
   * {@code countTaskFailures} (not when the cluster took the executor back, e.g. by preemption, as
   * in Spark). Unknown ids are ignored.
   */
  public void executorLost(String executorId, String reason, boolean countTaskFailures) {
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      String released = retiring.remove(executorId);
      if (executors.remove(executorId) == null) {
        return;
      }
      if (released != null) {
        // however its end is reported (its session closing, its container's exit), it went because it was released
        reason = "released: " + released;
        countTaskFailures = false;
      }
      int lostOutputs = mapOutputs.executorLost(executorId);
      int lostBlocks = cachedBlocks.executorLost(executorId);
      LOG.warn("executor {} lost ({} map output(s), {} cached partition(s) with it): {}", executorId, lostOutputs,
          lostBlocks, reason);
      List<Long> lostTasks = running.entrySet().stream().filter(e -> e.getValue().executorId().equals(executorId))
          .map(Map.Entry::getKey).toList();
      for (Long taskId : lostTasks) {
        Running task = running.remove(taskId);
        pools.taskEnded(task.run().set.pool());
        String message = "executor " + executorId + " was lost: " + reason;
        listener.onEvent(new DriverEvent.TaskEnded(taskId, message, Instant.now()));
        if (countTaskFailures) {
          taskAttemptFailed(task, message);
        } else if (!task.run().future.isDone()) {
          pending.addFirst(new Pending(task.run(), task.index()));
        }
      }
      listener.onEvent(new DriverEvent.ExecutorRemoved(executorId, reason, Instant.now()));
      actions.addAll(placeTasks());
    }
    actions.forEach(Runnable::run);
  }

  /** How a task attempt ended, as an executor in this JVM reports it. */
  public void taskEnded(TaskOutcome outcome) {
    if (outcome instanceof TaskOutcome.Finished f) {
      taskFinished(f.taskId(), f.result(), f.cached(), f.metrics());
    } else if (outcome instanceof TaskOutcome.Failed f) {
      taskFailed(f.taskId(), f.message(), f.stack(), f.fetchFailedExecutor(), f.metrics());
    }
  }

  /** {@code cached}: the partitions the task left in its executor's cache. */
  public void taskFinished(long taskId, byte[] result, List<CachedBlock> cached) {
    taskFinished(taskId, result, cached, DriverEvent.TaskMetrics.NONE);
  }

  /** {@code metrics}: what its executor measured while it ran. */
  public void taskFinished(long taskId, byte[] result, List<CachedBlock> cached, DriverEvent.TaskMetrics metrics) {
    List<Runnable> actions;
    synchronized (this) {
      Running task = release(taskId);
      if (task == null) {
        return;
      }
      if (executors.containsKey(task.executorId())) {
        cached.forEach(block -> cachedBlocks.add(block, task.executorId()));
      }
      listener.onEvent(new DriverEvent.TaskEnded(taskId, "", metrics, Instant.now()));
      TaskSetRun run = task.run();
      if (!run.future.isDone() && run.results[task.index()] == null) {
        run.results[task.index()] = result;
        run.resultBytes += result.length;
        if (run.resultBytes > run.set.maxResultBytes()) {
          failSet(run, "total size of serialized results of " + (run.set.tasks().size() - run.remaining + 1)
              + " task(s) (" + run.resultBytes + " bytes) exceeds " + DriverKeys.MAX_RESULT_SIZE.key() + " ("
              + run.set.maxResultBytes() + " bytes)", "");
        } else if (--run.remaining == 0) {
          active.remove(run);
          LOG.info("{} finished", run.set.name());
          run.future.complete(Arrays.asList(run.results));
        }
      }
      actions = placeTasks();
    }
    actions.forEach(Runnable::run);
  }

  public void taskFailed(long taskId, String message, String stack) {
    taskFailed(taskId, message, stack, "");
  }

  public void taskFailed(long taskId, String message, String stack, String fetchFailedExecutor) {
    taskFailed(taskId, message, stack, fetchFailedExecutor, DriverEvent.TaskMetrics.NONE);
  }

  /** A non-empty {@code fetchFailedExecutor} fails the task set at once: its input must be recomputed first. */
  public void taskFailed(long taskId, String message, String stack, String fetchFailedExecutor,
      DriverEvent.TaskMetrics metrics) {
    List<Runnable> actions;
    synchronized (this) {
      Running task = release(taskId);
      if (task == null) {
        return;
      }
      LOG.warn("task {} (partition {} of {}) failed: {}", taskId, task.index(), task.run().set.name(), message);
      listener.onEvent(new DriverEvent.TaskEnded(taskId, message.isEmpty() ? "failed" : message, metrics,
          Instant.now()));
      LOG.debug("task {} stack: {}", taskId, stack);
      if (fetchFailedExecutor.isEmpty()) {
        taskAttemptFailed(task, message);
      } else {
        int lost = mapOutputs.fetchFailed(fetchFailedExecutor);
        LOG.warn("shuffle fetch of executor {}'s output failed; forgot {} map output(s) of its server",
            fetchFailedExecutor, lost);
        failSet(task.run(), message, fetchFailedExecutor);
      }
      actions = placeTasks();
    }
    actions.forEach(Runnable::run);
  }

  /** Fails every active task set with {@code reason}; the scheduler still accepts new ones. */
  public void abort(String reason) {
    synchronized (this) {
      List.copyOf(active).forEach(run -> failSet(run, reason, ""));
    }
  }

  /** Fails active task sets, stops every executor and refuses new work. Idempotent. */
  public void stop(String reason) {
    List<ExecutorHandle> toStop;
    synchronized (this) {
      if (stoppedReason != null) {
        return;
      }
      stoppedReason = reason;
      List.copyOf(active).forEach(run -> failSet(run, reason, ""));
      toStop = executors.values().stream().map(ExecutorSlots::handle).toList();
      executors.clear();
      toStop.forEach(e -> listener.onEvent(new DriverEvent.ExecutorRemoved(e.id(), reason, Instant.now())));
    }
    toStop.forEach(e -> e.stop(reason));
  }

  /** Where the map outputs of every shuffle are. */
  public MapOutputTracker mapOutputs() {
    return mapOutputs;
  }

  /** Which executors hold which cached partitions. */
  public CacheTracker cachedBlocks() {
    return cachedBlocks;
  }

  public synchronized int totalCores() {
    return executors.values().stream().mapToInt(s -> s.handle().cores()).sum();
  }

  /**
   * Tells every executor the driver is done with class-loader scope {@code scopeId}: each closes its loader
   * of that scope. An executor that registers later never hears of it (it makes a scope's loader only for a
   * task of the scope).
   */
  public void releaseClassLoaderScope(String scopeId) {
    List<ExecutorHandle> handles;
    synchronized (this) {
      handles = executors.values().stream().map(ExecutorSlots::handle).toList();
    }
    handles.forEach(handle -> handle.releaseClassLoaderScope(scopeId));
  }

  public synchronized List<String> executorIds() {
    return List.copyOf(executors.keySet());
  }

  /** Tasks waiting for a slot, and the tasks each registered executor runs (0 when idle). */
  public record Load(int pendingTasks, Map<String, Integer> runningTasksByExecutor) {}

  /** What the scheduler is doing now, for dynamic allocation. */
  public synchronized Load load() {
    Map<String, Integer> byExecutor = new LinkedHashMap<>();
    executors.keySet().forEach(id -> byExecutor.put(id, 0));
    running.values().forEach(task -> byExecutor.computeIfPresent(task.executorId(), (id, n) -> n + 1));
    return new Load(pending.size(), byExecutor);
  }

  /**
   * Takes those of {@code executorIds} that run no task out of placement for good, so they can be
   * released without losing work; returns them. An executor that runs a task meanwhile is not taken.
   * When a retired executor is lost, it is reported removed as {@code released: <reason>}.
   */
  public synchronized List<String> retireIdle(List<String> executorIds, String reason) {
    List<String> retired = new ArrayList<>();
    for (String id : executorIds) {
      boolean busy = running.values().stream().anyMatch(task -> task.executorId().equals(id));
      if (executors.containsKey(id) && !busy && !retiring.containsKey(id)) {
        retiring.put(id, reason);
        retired.add(id);
      }
    }
    return retired;
  }

  private Running release(long taskId) {
    Running task = running.remove(taskId);
    if (task == null) {
      LOG.debug("status of unknown or finished task {} ignored", taskId);
      return null;
    }
    pools.taskEnded(task.run().set.pool());
    ExecutorSlots slots = executors.get(task.executorId());
    if (slots != null) {
      slots.free++;
    }
    return task;
  }

  private void taskAttemptFailed(Running task, String message) {
    TaskSetRun run = task.run();
    if (run.future.isDone()) {
      return;
    }
    int failures = ++run.failures[task.index()];
    if (failures >= maxFailures) {
      failSet(run, "task for partition " + run.set.partitions().get(task.index()) + " of " + run.set.name()
          + " failed " + failures + " times; most recent failure: " + message, "");
    } else {
      pending.addFirst(new Pending(run, task.index()));
    }
  }

  private void failSet(TaskSetRun run, String reason, String fetchFailedExecutor) {
    active.remove(run);
    pending.removeIf(p -> p.run() == run);
    if (fetchFailedExecutor.isEmpty()) {
      LOG.error("job {} aborted: {}", run.set.jobId(), reason);
    }
    run.future.completeExceptionally(new TaskSetFailedException("Job " + run.set.jobId() + " aborted: " + reason,
        run.results, fetchFailedExecutor));
  }

  /** Assigns pending tasks to free slots; returns the launches to perform outside the lock. */
  private List<Runnable> placeTasks() {
    List<Runnable> launches = new ArrayList<>();
    while (!pending.isEmpty()) {
      Optional<ExecutorSlots> free = executors.values().stream()
          .filter(s -> s.free > 0 && !retiring.containsKey(s.handle().id()))
          .max(Comparator.comparingInt(s -> s.free));
      if (free.isEmpty()) {
        break;
      }
      Pending next = pending.poll();
      // the executor holding the task's input when it has a free slot, else the least loaded one
      ExecutorSlots preferred = executors.get(next.run().set.preferredExecutors().get(next.index()));
      ExecutorSlots slots = preferred != null && preferred.free > 0 && !retiring.containsKey(preferred.handle().id())
          ? preferred : free.get();
      slots.free--;
      long taskId = nextTaskId++;
      int attempt = next.run().attempts[next.index()]++;
      TaskSet set = next.run().set;
      running.put(taskId, new Running(next.run(), next.index(), slots.handle().id()));
      pools.taskStarted(set.pool());
      listener.onEvent(new DriverEvent.TaskStarted(taskId, set.stageId(), set.stageAttempt(),
          set.partitions().get(next.index()), attempt, slots.handle().id(), Instant.now()));
      TaskDescription task = new TaskDescription(taskId, set.jobId(), set.stageId(), set.stageAttempt(),
          set.partitions().get(next.index()), attempt, set.tasks().get(next.index()), set.scope());
      ExecutorHandle handle = slots.handle();
      launches.add(() -> handle.launch(task));
    }
    return launches;
  }

  private static final class ExecutorSlots {
    private final ExecutorHandle handle;
    private int free;

    ExecutorSlots(ExecutorHandle handle) {
      this.handle = handle;
      this.free = handle.cores();
    }

    ExecutorHandle handle() {
      return handle;
    }
  }

  private static final class TaskSetRun {
    private final TaskSet set;
    private final byte[][] results;
    private final int[] attempts;
    private final int[] failures;
    private int remaining;
    private long resultBytes;
    private final CompletableFuture<List<byte[]>> future = new CompletableFuture<>();

    TaskSetRun(TaskSet set) {
      this.set = set;
      int n = set.tasks().size();
      this.results = new byte[n][];
      this.attempts = new int[n];
      this.failures = new int[n];
      this.remaining = n;
    }
  }

  private record Pending(TaskSetRun run, int index) {}

  private record Running(TaskSetRun run, int index, String executorId) {}
}
