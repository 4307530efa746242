package io.weft.driver.status;

import java.time.Instant;

/**
 * What the job runner and the task scheduler tell listeners (the driver UI's status store) as a
 * context runs: jobs, stage attempts, task attempts and executors starting and ending.
 */
public sealed interface DriverEvent {
  Instant time();

  /** {@code description} says where the action was called, e.g. {@code count at Pi.java:31}. */
  record JobStarted(int jobId, String description, Instant time) implements DriverEvent {}

  /** {@code error} is empty when the job succeeded. */
  record JobEnded(int jobId, String error, Instant time) implements DriverEvent {}

  /**
   * A stage attempt handed to the task scheduler; {@code shuffleReadBytes} is the size of the
   * shuffle blocks its tasks read (known from the map outputs before it runs).
   */
  record StageSubmitted(int jobId, int stageId, int attempt, String kind, int numTasks, long shuffleReadBytes,
      Instant time) implements DriverEvent {}

  /** {@code shuffleWriteBytes} is what its map tasks wrote (0 for a result stage); {@code error} empty on success. */
  record StageEnded(int stageId, int attempt, long shuffleWriteBytes, String error, Instant time)
      implements DriverEvent {}

  record TaskStarted(long taskId, int stageId, int stageAttempt, int partition, int attempt, String executorId,
      Instant time) implements DriverEvent {}

  /** {@code error} is empty when the task succeeded. */
  record TaskEnded(long taskId, String error, Instant time) implements DriverEvent {}

  /** {@code logUrl} is where its container's logs are (empty in local mode). */
  record ExecutorAdded(String executorId, String host, int cores, String logUrl, Instant time)
      implements DriverEvent {}

  record ExecutorRemoved(String executorId, String reason, Instant time) implements DriverEvent {}
}
