package io.weft.driver.status;

import java.time.Instant;
import java.util.List;

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
   * shuffle blocks its tasks read (known from the map outputs before it runs). {@code parentStageIds}
   * are the stages that wrote the shuffles it reads (its edges in the job's stage DAG; a parent
   * from an earlier job is one this job skipped, its outputs existing), {@code name} what it
   * computes, e.g. {@code reduceByKey at WordCount.java:40}.
   */
  record StageSubmitted(int jobId, int stageId, int attempt, String kind, int numTasks, long shuffleReadBytes,
      List<Integer> parentStageIds, String name, Instant time) implements DriverEvent {
    public StageSubmitted {
      parentStageIds = List.copyOf(parentStageIds);
    }

    /** A stage with no parents, named by its kind. */
    public StageSubmitted(int jobId, int stageId, int attempt, String kind, int numTasks, long shuffleReadBytes,
        Instant time) {
      this(jobId, stageId, attempt, kind, numTasks, shuffleReadBytes, List.of(), kind, time);
    }
  }

  /** {@code shuffleWriteBytes} is what its map tasks wrote (0 for a result stage); {@code error} empty on success. */
  record StageEnded(int stageId, int attempt, long shuffleWriteBytes, String error, Instant time)
      implements DriverEvent {}

  record TaskStarted(long taskId, int stageId, int stageAttempt, int partition, int attempt, String executorId,
      Instant time) implements DriverEvent {}

  /** {@code error} is empty when the task succeeded; {@code metrics} are what its executor measured. */
  record TaskEnded(long taskId, String error, TaskMetrics metrics, Instant time) implements DriverEvent {
    /** A task whose executor measured nothing (e.g. it was lost). */
    public TaskEnded(long taskId, String error, Instant time) {
      this(taskId, error, TaskMetrics.NONE, time);
    }
  }

  /**
   * What an executor measured while a task ran: its run time, the JVM's garbage-collection time
   * meanwhile (all collectors, so tasks running side by side share it, as in Spark), the shuffle
   * bytes it fetched and wrote, and the records it read (from its source or shuffle input) and
   * wrote (to shuffle output).
   */
  record TaskMetrics(long runTimeMs, long gcTimeMs, long shuffleReadBytes, long shuffleWriteBytes, long recordsRead,
      long recordsWritten) {
    public static final TaskMetrics NONE = new TaskMetrics(0, 0, 0, 0, 0, 0);
  }

  /** {@code logUrl} is where its container's logs are (empty in local mode). */
  record ExecutorAdded(String executorId, String host, int cores, String logUrl, Instant time)
      implements DriverEvent {}

  record ExecutorRemoved(String executorId, String reason, Instant time) implements DriverEvent {}
}
