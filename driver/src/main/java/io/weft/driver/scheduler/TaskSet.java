package io.weft.driver.scheduler;

import java.util.List;

/**
 * The tasks of one stage attempt: serialized tasks and the partition each computes. The sum of the
 * serialized results may not exceed {@code maxResultBytes}.
 */
public record TaskSet(int jobId, int stageId, int stageAttempt, List<Integer> partitions, List<byte[]> tasks,
    long maxResultBytes) {
  public TaskSet {
    partitions = List.copyOf(partitions);
    tasks = List.copyOf(tasks);
    if (partitions.size() != tasks.size()) {
      throw new IllegalArgumentException(partitions.size() + " partitions for " + tasks.size() + " tasks");
    }
  }

  public String name() {
    return "stage " + stageId + "." + stageAttempt + " of job " + jobId;
  }
}
