package io.weft.driver.scheduler;

import java.util.List;

/** The tasks of one stage attempt: serialized tasks in partition order. */
public record TaskSet(int jobId, int stageId, int stageAttempt, List<byte[]> tasks) {
  public TaskSet {
    tasks = List.copyOf(tasks);
  }

  public String name() {
    return "stage " + stageId + "." + stageAttempt + " of job " + jobId;
  }
}
