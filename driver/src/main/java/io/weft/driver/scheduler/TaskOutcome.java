package io.weft.driver.scheduler;

import io.weft.driver.storage.CachedBlock;
import java.util.List;

/** How one task attempt ended, as an executor reports it. */
public sealed interface TaskOutcome {
  long taskId();

  /** {@code cached}: the partitions the task left in its executor's cache. */
  record Finished(long taskId, byte[] result, List<CachedBlock> cached) implements TaskOutcome {
    public Finished {
      cached = List.copyOf(cached);
    }
  }

  /**
   * {@code message} is the exception as the user should read it ({@code class: message});
   * {@code fetchFailedExecutor} names the executor whose shuffle output could not be fetched, or is empty.
   */
  record Failed(long taskId, String message, String stack, String fetchFailedExecutor) implements TaskOutcome {
    public Failed(long taskId, String message, String stack) {
      this(taskId, message, stack, "");
    }
  }
}
