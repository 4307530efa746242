package io.weft.driver.local;

import io.weft.driver.scheduler.TaskOutcome;
import io.weft.driver.executor.TaskRunner;
import io.weft.driver.scheduler.ExecutorHandle;
import io.weft.driver.scheduler.SchedulerBackend;
import io.weft.driver.scheduler.TaskDescription;
import io.weft.driver.scheduler.TaskScheduler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One in-JVM executor with {@code threads} slots. Tasks still go through serialization, so a
 * program that works in local mode does not fail on a cluster because a closure is not serializable.
 */
public final class LocalBackend implements SchedulerBackend {
  public static final String EXECUTOR_ID = "driver";

  private final TaskScheduler scheduler;
  private final String applicationId;
  private final int threads;
  private final ExecutorService pool;

  public LocalBackend(int threads, int maxFailures, ClassLoader userLoader) {
    if (threads < 1) {
      throw new IllegalArgumentException("local mode needs at least one thread, got " + threads);
    }
    this.threads = threads;
    this.scheduler = new TaskScheduler(maxFailures);
    this.applicationId = "local-" + System.currentTimeMillis();
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "executor-task-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    TaskRunner runner = new TaskRunner(userLoader);
    scheduler.executorAdded(new LocalExecutor(runner));
  }

  @Override
  public TaskScheduler scheduler() {
    return scheduler;
  }

  @Override
  public String applicationId() {
    return applicationId;
  }

  @Override
  public int defaultParallelism() {
    return threads;
  }

  @Override
  public void stop() {
    scheduler.stop("the context was stopped");
  }

  private final class LocalExecutor implements ExecutorHandle {
    private final TaskRunner runner;

    LocalExecutor(TaskRunner runner) {
      this.runner = runner;
    }

    @Override
    public String id() {
      return EXECUTOR_ID;
    }

    @Override
    public int cores() {
      return threads;
    }

    @Override
    public void launch(TaskDescription task) {
      try {
        pool.execute(() -> report(runner.run(task)));
      } catch (RejectedExecutionException e) {
        scheduler.taskFailed(task.taskId(), "local executor is stopped", "");
      }
    }

    private void report(TaskOutcome outcome) {
      if (outcome instanceof TaskOutcome.Finished f) {
        scheduler.taskFinished(f.taskId(), f.result());
      } else if (outcome instanceof TaskOutcome.Failed f) {
        scheduler.taskFailed(f.taskId(), f.message(), f.stack());
      }
    }

    @Override
    public void stop(String reason) {
      pool.shutdownNow();
    }
  }
}
