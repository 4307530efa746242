package io.weft.driver.scheduler;

import java.util.List;
import java.util.Objects;

/**
 * The tasks of one stage attempt: serialized tasks, the partition each computes and the executor
 * each would rather run on (empty: any; e.g. the one holding most of its shuffle input). The sum of
 * the serialized results may not exceed {@code maxResultBytes}. {@code pool} is the job's
 * scheduling pool, which matters in {@link SchedulingMode#FAIR} mode. Every task loads its classes
 * from {@code scope}.
 */
public record TaskSet(int jobId, int stageId, int stageAttempt, List<Integer> partitions, List<byte[]> tasks,
    List<String> preferredExecutors, long maxResultBytes, String pool, ClassLoaderScope scope) {
  public TaskSet {
    partitions = List.copyOf(partitions);
    tasks = List.copyOf(tasks);
    preferredExecutors = List.copyOf(preferredExecutors);
    if (partitions.size() != tasks.size() || preferredExecutors.size() != tasks.size()) {
      throw new IllegalArgumentException(partitions.size() + " partitions and " + preferredExecutors.size()
          + " preferences for " + tasks.size() + " tasks");
    }
    pool = pool == null || pool.isBlank() ? SchedulingMode.DEFAULT_POOL : pool;
    Objects.requireNonNull(scope, "scope");
  }

  /** A task set of the shared class loader. */
  public TaskSet(int jobId, int stageId, int stageAttempt, List<Integer> partitions, List<byte[]> tasks,
      List<String> preferredExecutors, long maxResultBytes, String pool) {
    this(jobId, stageId, stageAttempt, partitions, tasks, preferredExecutors, maxResultBytes, pool,
        ClassLoaderScope.SHARED);
  }

  /** A task set of the default pool and the shared class loader. */
  public TaskSet(int jobId, int stageId, int stageAttempt, List<Integer> partitions, List<byte[]> tasks,
      List<String> preferredExecutors, long maxResultBytes) {
    this(jobId, stageId, stageAttempt, partitions, tasks, preferredExecutors, maxResultBytes,
        SchedulingMode.DEFAULT_POOL);
  }

  public String name() {
    return "stage " + stageId + "." + stageAttempt + " of job " + jobId;
  }
}
