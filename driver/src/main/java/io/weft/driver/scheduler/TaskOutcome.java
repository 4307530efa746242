package io.weft.driver.scheduler;

/** How one task attempt ended, as an executor reports it. */
public sealed interface TaskOutcome {
  long taskId();

  record Finished(long taskId, byte[] result) implements TaskOutcome {}

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
