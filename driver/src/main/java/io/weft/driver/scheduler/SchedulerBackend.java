package io.weft.driver.scheduler;

/**
 * Where a context's executors come from: in-JVM threads ({@code local[N]}), executor containers the
 * ApplicationMaster launches (cluster mode), or later a remote ExecutorLauncher (client mode).
 */
public interface SchedulerBackend {
  TaskScheduler scheduler();

  String applicationId();

  /** Partitions to use when the user gives none. */
  int defaultParallelism();

  /** Stops the executors; idempotent. */
  void stop();
}
