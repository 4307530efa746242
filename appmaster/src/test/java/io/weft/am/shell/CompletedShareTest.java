package io.weft.am.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.am.client.ContainerStatus;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import org.junit.jupiter.api.Test;

/** The distributed shell's progress: the share of its containers that completed, counted once each. */
class CompletedShareTest {
  private static final ApplicationAttemptId ATTEMPT = new ApplicationAttemptId(new ApplicationId(1, 1), 1);

  @Test
  void risesWithEachCompletedContainer_notWithOnesTheClusterTookAway() {
    ContainerOutcomes outcomes = new ContainerOutcomes(4);
    assertThat(outcomes.completedShare()).isZero();
    outcomes.record(status(2, 0));
    outcomes.record(status(2, 0)); // reported twice, counted once
    assertThat(outcomes.completedShare()).isEqualTo(0.25f);
    outcomes.takenByCluster(status(3, ExitStatus.PREEMPTED));
    assertThat(outcomes.completedShare()).isEqualTo(0.25f);
    outcomes.record(status(4, 1));
    outcomes.record(status(5, 0));
    outcomes.record(status(6, 0));
    assertThat(outcomes.completedShare()).isEqualTo(1f);
  }

  private static ContainerStatus status(long container, int exit) {
    return new ContainerStatus(new ContainerId(ATTEMPT, container), ContainerStatus.State.COMPLETE, exit, "");
  }
}
