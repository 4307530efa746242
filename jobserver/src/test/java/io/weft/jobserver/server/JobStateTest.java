package io.weft.jobserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobStateTest {
  @Test
  void everyState_isReachableFromQueued() {
    Set<JobState> reached = EnumSet.of(JobState.QUEUED);
    Deque<JobState> toVisit = new ArrayDeque<>(reached);
    while (!toVisit.isEmpty()) {
      JobState from = toVisit.pop();
      for (JobState to : JobState.values()) {
        if (from.canMoveTo(to) && reached.add(to)) {
          toVisit.push(to);
        }
      }
    }

    assertThat(reached).containsExactlyInAnyOrder(JobState.values());
  }

  @Test
  void finalStates_haveNoWayOut() {
    for (JobState state : EnumSet.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)) {
      assertThat(state.isFinal()).isTrue();
      assertThat(Arrays.stream(JobState.values()).filter(state::canMoveTo)).as("%s", state).isEmpty();
    }
  }

  @Test
  void queuedJob_cannotSucceedWithoutRunning() {
    assertThat(JobState.QUEUED.canMoveTo(JobState.SUCCEEDED)).isFalse();
    assertThat(JobState.QUEUED.canMoveTo(JobState.FAILED)).isFalse();
  }
}
