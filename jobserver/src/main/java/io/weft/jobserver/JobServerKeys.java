package io.weft.jobserver;

import io.weft.common.config.ConfigKey;

/** The job server's keys, set with {@code weft jobserver --conf key=value}. */
public final class JobServerKeys {
  private JobServerKeys() {}

  public static final ConfigKey<Integer> MAX_CONCURRENT_JOBS = ConfigKey.integer("weft.jobserver.maxConcurrentJobs",
      1, 1, 64, "jobs the job server runs at once; the others wait in FIFO order. Above 1, jobs share the executors"
          + " as the task scheduler orders them (weft.scheduler.mode)");
  public static final ConfigKey<Integer> MAX_QUEUED_JOBS = ConfigKey.integer("weft.jobserver.maxQueuedJobs", 100, 1,
      100_000, "jobs that may wait for a turn; a submission past it is refused until one starts");
  public static final ConfigKey<Long> MAX_JAR_SIZE = ConfigKey.memoryMb("weft.jobserver.maxJarSize", "64m", 1,
      "the largest job jar POST /jobs takes (held in the driver's memory while it arrives)");
  public static final ConfigKey<Integer> RETAINED_JOBS = ConfigKey.integer("weft.jobserver.retainedJobs", 200, 1,
      100_000, "finished jobs the job server remembers (state, result, log); older ones are forgotten");
  public static final ConfigKey<Integer> MAX_LOG_LINES = ConfigKey.integer("weft.jobserver.maxLogLinesPerJob", 1000,
      1, 1_000_000, "lines of each job's log kept (the last ones)");
}
