package io.weft.driver.scheduler;

import static java.util.Objects.requireNonNull;

/** One attempt of one task, as sent to an executor, with the class-loader scope its classes come from. */
public record TaskDescription(long taskId, int jobId, int stageId, int stageAttempt, int partition, int attempt,
    byte[] serializedTask, ClassLoaderScope scope) {
  public TaskDescription {
    requireNonNull(scope, "scope");
  }

  /** A task of the shared class loader. */
  public TaskDescription(long taskId, int jobId, int stageId, int stageAttempt, int partition, int attempt,
      byte[] serializedTask) {
    this(taskId, jobId, stageId, stageAttempt, partition, attempt, serializedTask, ClassLoaderScope.SHARED);
  }
}
