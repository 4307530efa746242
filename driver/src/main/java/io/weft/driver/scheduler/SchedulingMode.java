package io.weft.driver.scheduler;

import io.weft.driver.DriverKeys;

/**
 * How the task scheduler gives free cores to the task sets of concurrently running jobs
 * ({@code weft.scheduler.mode}).
 */
public enum SchedulingMode {
  /** The earliest submitted task set's tasks first (a retried task before the rest). */
  FIFO,
  /**
   * Pools share the cores: the next free core goes to the pool with the fewest running tasks (ties:
   * the pool served longest ago, so pools take turns); inside a pool, FIFO.
   */
  FAIR;

  /** The job property naming a job's pool in FAIR mode (Spark's {@code spark.scheduler.pool}). */
  public static final String POOL_PROPERTY = "weft.scheduler.pool";
  /** The pool of a job that names none. */
  public static final String DEFAULT_POOL = "default";

  /** The mode {@code weft.scheduler.mode} names (already validated, so any case of FIFO or FAIR). */
  public static SchedulingMode of(String configured) {
    for (SchedulingMode mode : values()) {
      if (mode.name().equalsIgnoreCase(configured)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("configuration " + DriverKeys.SCHEDULER_MODE.key() + "=" + configured
        + " is not a valid choice: expected one of FIFO, FAIR");
  }
}
