package io.weft.driver.allocation;

import static java.util.Objects.requireNonNull;

import io.weft.common.lifecycle.Lifecycle;
import io.weft.driver.scheduler.SchedulerBackend;
import io.weft.driver.scheduler.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs an {@link AllocationPolicy} for a context (Spark's ExecutorAllocationManager): every
 * {@code interval} it shows the policy the task scheduler's load, sends a changed target to the
 * backend, takes the idle executors the policy releases out of placement and has the backend
 * release their containers. An executor that took a task before it could be taken out is kept.
 */
public final class ExecutorAllocationManager implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();
  /** How often the load is looked at, as Spark's 100 ms. */
  public static final Duration INTERVAL = Duration.ofMillis(100);

  private final AllocationPolicy policy;
  private final SchedulerBackend backend;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private boolean started;

  public ExecutorAllocationManager(AllocationSettings settings, SchedulerBackend backend, Clock clock) {
    this.backend = requireNonNull(backend);
    if (!backend.supportsDynamicAllocation()) {
      throw new IllegalArgumentException(backend.getClass().getSimpleName() + " cannot change its executors");
    }
    this.scheduler = backend.scheduler();
    this.clock = requireNonNull(clock);
    this.policy = new AllocationPolicy(settings, backend.executorCores());
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "executor-allocation");
      t.setDaemon(true);
      return t;
    });
    LOG.info("dynamic allocation on: {} to {} executor(s), {} at start; backlog timeouts {} then {}, idle timeout {} "
        + "(with cached partitions {})", settings.minExecutors(), settings.maxExecutors(), settings.initialExecutors(),
        AllocationPolicy.describe(settings.schedulerBacklogTimeout()),
        AllocationPolicy.describe(settings.sustainedSchedulerBacklogTimeout()),
        AllocationPolicy.describe(settings.executorIdleTimeout()),
        AllocationPolicy.describe(settings.cachedExecutorIdleTimeout()));
  }

  @Override
  public synchronized void start() {
    if (!started) {
      started = true;
      timer.scheduleWithFixedDelay(this::tick, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The executors wanted now. */
  public synchronized int target() {
    return policy.target();
  }

  /** One look at the load; public so a test can step it. */
  public synchronized void tick() {
    try {
      TaskScheduler.Load load = scheduler.load();
      AllocationPolicy.Decision decision = policy.decide(new AllocationPolicy.Load(load.pendingTasks(),
          load.runningTasksByExecutor(), scheduler.cachedBlocks().executorsWithBlocks()), clock.instant());
      if (decision.targetChanged()) {
        LOG.info("executor target now {}: {}", decision.target(), decision.why());
        backend.requestTotalExecutors(decision.target());
      }
      if (!decision.removals().isEmpty()) {
        release(decision.removals());
      }
    } catch (RuntimeException e) {
      // the next tick tries again; a backend that is stopping says so here until the context stops us
      LOG.warn("dynamic allocation step failed: {}", e.toString());
    }
  }

  private void release(List<AllocationPolicy.Removal> removals) {
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    for (AllocationPolicy.Removal removal : removals) {
      if (scheduler.retireIdle(List.of(removal.executorId()), removal.reason()).isEmpty()) {
        policy.removalCancelled(removal.executorId()); // it took a task since the load was read
      } else {
        byReason.computeIfAbsent(removal.reason(), r -> new ArrayList<>()).add(removal.executorId());
      }
    }
    byReason.forEach((reason, ids) -> {
      LOG.info("releasing executor(s) {}: {}", ids, reason);
      backend.killExecutors(ids, reason);
    });
    if (!byReason.isEmpty()) {
      // a kill also lowers the cluster side's target by one (Spark's adjustTargetNumExecutors); ours stands
      backend.requestTotalExecutors(policy.target());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
