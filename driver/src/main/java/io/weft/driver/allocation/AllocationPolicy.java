package io.weft.driver.allocation;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.ConfigKey;
import io.weft.driver.DriverKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many executors an application wants and which idle ones it lets go, as Spark's
 * ExecutorAllocationManager decides it. Pure logic over what it is shown: each {@link #decide} gets
 * the scheduler's load and the time, and returns the target and the executors to release; nothing
 * here reads a clock or calls anything, so a table of loads and times pins its behaviour down.
 * <ul>
 *   <li>Tasks waiting for {@code schedulerBacklogTimeout} raise the target by 1; while they keep
 *       waiting, every {@code sustainedSchedulerBacklogTimeout} by twice the last step (1, 2, 4, ...),
 *       never beyond the executors that would run every waiting and running task at once (times the
 *       allocation ratio) nor {@code maxExecutors}.</li>
 *   <li>When fewer are needed than the target, it drops to what is needed, not below {@code minExecutors}.</li>
 *   <li>An executor running no task for {@code executorIdleTimeout} ({@code cachedExecutorIdleTimeout}
 *       when it holds cached partitions) is released while more executors remain than the target
 *       and {@code minExecutors}.</li>
 *   <li>Until the first task waits, or an executor first idles out, the target stays at
 *       {@code initialExecutors}, so the executors asked for at start are not dropped before any job.</li>
 * </ul>
 * Not thread-safe: one caller at a time.
 */
public final class AllocationPolicy {
  /** What the scheduler is doing now. */
  public record Load(int pendingTasks, Map<String, Integer> runningTasksByExecutor, Set<String> executorsWithCache) {
    public Load {
      runningTasksByExecutor = Map.copyOf(runningTasksByExecutor);
      executorsWithCache = Set.copyOf(executorsWithCache);
    }

    int runningTasks() {
      return runningTasksByExecutor.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** An executor to release and why, in words a user reads on the executors page. */
  public record Removal(String executorId, String reason) {}

  /** The executors wanted now ({@code targetChanged}: since the last decision) and those to release. */
  public record Decision(int target, boolean targetChanged, String why, List<Removal> removals) {
    public Decision {
      removals = List.copyOf(removals);
    }
  }

  private final AllocationSettings settings;
  private final int tasksPerExecutor;
  private int target;
  private int nextStep = 1;
  /** When the target rises next while tasks wait; null when none wait. */
  private Instant addAt;
  private boolean initializing = true;
  private final Map<String, Instant> idleSince = new HashMap<>();
  private final Set<String> removing = new HashSet<>();

  /** {@code tasksPerExecutor}: task slots of one executor (its cores). */
  public AllocationPolicy(AllocationSettings settings, int tasksPerExecutor) {
    this.settings = requireNonNull(settings);
    if (tasksPerExecutor < 1) {
      throw new IllegalArgumentException("an executor must run at least 1 task at once, got " + tasksPerExecutor);
    }
    this.tasksPerExecutor = tasksPerExecutor;
    this.target = settings.initialExecutors();
  }

  public int target() {
    return target;
  }

  /** Decides from {@code load} at {@code now}; executors it returns count as being removed until they are gone. */
  public Decision decide(Load load, Instant now) {
    int before = target;
    trackIdle(load, now);
    List<String> timedOut = timedOut(load, now);
    if (initializing && (load.pendingTasks() > 0 || !timedOut.isEmpty())) {
      initializing = false;
    }
    String why = updateTarget(load, now);
    List<Removal> removals = removals(load, timedOut);
    return new Decision(target, target != before, target != before ? why : "", removals);
  }

  /** The executor was not released after all (it took a task meanwhile); it counts as live again. */
  public void removalCancelled(String executorId) {
    removing.remove(executorId);
  }

  private String updateTarget(Load load, Instant now) {
    int needed = executorsNeeded(load);
    if (load.pendingTasks() == 0) {
      addAt = null;
      nextStep = 1;
    } else if (addAt == null) {
      addAt = now.plus(settings.schedulerBacklogTimeout());
    }
    if (initializing) {
      return "";
    }
    if (needed < target) {
      target = Math.max(needed, settings.minExecutors());
      nextStep = 1;
      return needed + " executor(s) of " + tasksPerExecutor + " slot(s) run the " + load.pendingTasks()
          + " waiting and " + load.runningTasks() + " running task(s)" + (target > needed ? " (at least "
          + DriverKeys.DYNAMIC_ALLOCATION_MIN_EXECUTORS.key() + "=" + settings.minExecutors() + ")" : "");
    }
    if (addAt != null && !now.isBefore(addAt)) {
      addAt = now.plus(settings.sustainedSchedulerBacklogTimeout());
      return raise(load, needed);
    }
    return "";
  }

  /** Raises the target by the next step toward {@code needed}; the step doubles while it is taken whole. */
  private String raise(Load load, int needed) {
    int old = target;
    int raised = (int) Math.min((long) target + nextStep, Math.min(needed, settings.maxExecutors()));
    target = Math.max(old, Math.max(raised, settings.minExecutors()));
    int delta = target - old;
    nextStep = delta == nextStep ? nextStep * 2 : 1;
    return load.pendingTasks() + " task(s) waiting (" + DriverKeys.DYNAMIC_ALLOCATION_BACKLOG_TIMEOUT.key() + ")"
        + (target == settings.maxExecutors() ? "; at " + DriverKeys.DYNAMIC_ALLOCATION_MAX_EXECUTORS.key() : "");
  }

  /** Executors that would run every waiting and running task at once, times the allocation ratio. */
  private int executorsNeeded(Load load) {
    long tasks = (long) load.pendingTasks() + load.runningTasks();
    return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(tasks * settings.allocationRatio() / tasksPerExecutor));
  }

  private void trackIdle(Load load, Instant now) {
    idleSince.keySet().retainAll(load.runningTasksByExecutor().keySet());
    removing.retainAll(load.runningTasksByExecutor().keySet());
    load.runningTasksByExecutor().forEach((executor, running) -> {
      if (running > 0) {
        idleSince.remove(executor);
      } else {
        idleSince.putIfAbsent(executor, now);
      }
    });
  }

  /** Idle executors past their timeout and not being removed, longest idle first. */
  private List<String> timedOut(Load load, Instant now) {
    return idleSince.entrySet().stream()
        .filter(e -> !removing.contains(e.getKey()))
        .filter(e -> !now.isBefore(expiry(e.getValue(), idleTimeout(load, e.getKey()))))
        .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).toList();
  }

  private Duration idleTimeout(Load load, String executor) {
    return load.executorsWithCache().contains(executor) ? settings.cachedExecutorIdleTimeout()
        : settings.executorIdleTimeout();
  }

  private static Instant expiry(Instant since, Duration timeout) {
    return timeout.equals(ConfigKey.INFINITE) ? Instant.MAX : since.plus(timeout);
  }

  private List<Removal> removals(Load load, List<String> timedOut) {
    List<Removal> out = new ArrayList<>();
    int remaining = load.runningTasksByExecutor().size() - removing.size();
    for (String executor : timedOut) {
      if (remaining - 1 < Math.max(settings.minExecutors(), target)) {
        break;
      }
      removing.add(executor);
      remaining--;
      boolean cached = load.executorsWithCache().contains(executor);
      out.add(new Removal(executor, "idle for " + describe(idleTimeout(load, executor)) + " (" + (cached
          ? DriverKeys.DYNAMIC_ALLOCATION_CACHED_EXECUTOR_IDLE_TIMEOUT.key() + "; it held cached partitions"
          : DriverKeys.DYNAMIC_ALLOCATION_EXECUTOR_IDLE_TIMEOUT.key()) + ")"));
    }
    return out;
  }

  static String describe(Duration d) {
    if (d.equals(ConfigKey.INFINITE)) {
      return "infinity";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  @Override
  public String toString() {
    return "target " + target + (initializing ? " (initial)" : "") + ", next step " + nextStep + ", removing "
        + removing;
  }
}
