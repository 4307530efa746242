package io.weft.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress the driver reports: succeeded over submitted tasks of every stage seen, never going down. */
class ProgressTrackerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<Float> heard = new ArrayList<>();
  private final ProgressTracker tracker = new ProgressTracker(heard::add);

  private void stage(int stageId, int tasks) {
    tracker.onEvent(new DriverEvent.StageSubmitted(0, stageId, 0, "ResultStage", tasks, 0, T0));
  }

  private void succeed(long taskId) {
    tracker.onEvent(new DriverEvent.TaskEnded(taskId, "", T0));
  }

  @Test
  void risesWithSucceededTasks_toOne() {
    assertThat(tracker.progress()).isZero();
    stage(0, 4);
    succeed(1);
    succeed(2);
    tracker.onEvent(new DriverEvent.TaskEnded(3, "boom", T0)); // a failed attempt is no progress
    assertThat(tracker.progress()).isEqualTo(0.5f);
    succeed(4);
    succeed(5);
    assertThat(tracker.progress()).isEqualTo(1f);
    assertThat(heard).containsExactly(0.25f, 0.5f, 0.75f, 1f);
  }

  @Test
  void aNewJobsTasks_doNotLowerIt_itHoldsUntilTheRatioPassesIt() {
    stage(0, 2);
    succeed(1);
    succeed(2);
    assertThat(tracker.progress()).isEqualTo(1f);
    stage(1, 6); // 2 of 8 now: the ratio fell, the progress holds
    assertThat(tracker.progress()).isEqualTo(1f);

    ProgressTracker second = new ProgressTracker();
    second.onEvent(new DriverEvent.StageSubmitted(0, 0, 0, "ResultStage", 2, 0, T0));
    second.onEvent(new DriverEvent.TaskEnded(1, "", T0));
    assertThat(second.progress()).isEqualTo(0.5f);
    second.onEvent(new DriverEvent.StageSubmitted(1, 1, 0, "ResultStage", 2, 0, T0)); // 1 of 4
    assertThat(second.progress()).isEqualTo(0.5f);
    second.onEvent(new DriverEvent.TaskEnded(2, "", T0));
    second.onEvent(new DriverEvent.TaskEnded(3, "", T0)); // 3 of 4
    assertThat(second.progress()).isEqualTo(0.75f);
  }
}
