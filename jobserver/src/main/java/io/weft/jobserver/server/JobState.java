package io.weft.jobserver.server;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A job's life on the server: the one table of its moves. */
public enum JobState {
  QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

  private static final Map<JobState, Set<JobState>> NEXT = Map.of(
      QUEUED, EnumSet.of(RUNNING, CANCELLED),
      RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED),
      SUCCEEDED, EnumSet.noneOf(JobState.class),
      FAILED, EnumSet.noneOf(JobState.class),
      CANCELLED, EnumSet.noneOf(JobState.class));

  public boolean canMoveTo(JobState next) {
    return NEXT.get(this).contains(next);
  }

  public boolean isFinal() {
    return NEXT.get(this).isEmpty();
  }
}
