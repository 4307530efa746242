package io.weft.driver.scheduler;

import io.weft.driver.status.DriverEvent.TaskMetrics;
import io.weft.driver.storage.CachedBlock;
import java.util.List;

/** How one task attempt ended, as an executor reports it, with what the executor measured while it ran. */
public sealed interface TaskOutcome {
  long taskId();

  TaskMetrics metrics();

  /** {@code cached}: the partitions the task left in its executor's cache. */
  record Finished(long taskId, byte[] result, List<CachedBlock> cached, TaskMetrics metrics) implements TaskOutcome {
    public Finished {
      cached = List.copyOf(cached);
    }

    public Finished(long taskId, byte[] result, List<CachedBlock> cached) {
      this(taskId, result, cached, TaskMetrics.NONE);
    }
  }

  /**
   * {@code message} is the exception as the user should read it ({@code class: message});
   * {@code fetchFailedExecutor} names the executor whose shuffle output could not be fetched, or is empty.
   */
  record Failed(long taskId, String message, String stack, String fetchFailedExecutor, TaskMetrics metrics)
      implements TaskOutcome {
    public Failed(long taskId, String message, String stack, String fetchFailedExecutor) {
      this(taskId, message, stack, fetchFailedExecutor, TaskMetrics.NONE);
    }

    public Failed(long taskId, String message, String stack) {
      this(taskId, message, stack, "", TaskMetrics.NONE);
    }
  }
}
