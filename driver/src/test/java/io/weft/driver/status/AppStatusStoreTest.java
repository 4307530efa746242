package io.weft.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The status store's picture of a driver from its events, and its bounds. */
class AppStatusStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void onlyTheNewestJobsAndStagesAreKept() {
    AppStatusStore store = new AppStatusStore(2, 3);
    for (int job = 0; job < 5; job++) {
      store.onEvent(new DriverEvent.JobStarted(job, "count at X.java:" + job, T0));
      store.onEvent(new DriverEvent.StageSubmitted(job, job, 0, "ResultStage", 1, 0, T0));
      store.onEvent(new DriverEvent.StageEnded(job, 0, 0, "", T0.plusSeconds(1)));
      store.onEvent(new DriverEvent.JobEnded(job, "", T0.plusSeconds(1)));
    }
    assertThat(store.jobs()).extracting(AppStatusStore.JobView::jobId).containsExactly(4, 3);
    assertThat(store.stages(-1)).extracting(AppStatusStore.StageView::stageId).containsExactly(4, 3, 2);
    assertThat(store.job(0)).isEmpty();
    assertThat(store.stage(1, 0)).isEmpty();
  }

  @Test
  void aStageKeepsItsLatestTasks_butCountsEveryOne() {
    AppStatusStore store = new AppStatusStore(10, 10);
    int tasks = AppStatusStore.TASKS_PER_STAGE + 200;
    store.onEvent(new DriverEvent.ExecutorAdded("1", "h1", 4, "http://h1:8042/node/containerlogs/c1/u", T0));
    store.onEvent(new DriverEvent.JobStarted(0, "collect at X.java:1", T0));
    store.onEvent(new DriverEvent.StageSubmitted(0, 0, 0, "ShuffleMapStage", tasks, 0, T0));
    for (long t = 0; t < tasks; t++) {
      store.onEvent(new DriverEvent.TaskStarted(t, 0, 0, (int) t, 0, "1", T0));
      store.onEvent(new DriverEvent.TaskEnded(t, t % 100 == 0 ? "boom" : "", T0.plusMillis(5)));
    }
    assertThat(store.tasks(0, 0)).hasSize(AppStatusStore.TASKS_PER_STAGE)
        .allSatisfy(t -> assertThat(t.host()).isEqualTo("h1"));
    assertThat(store.tasks(0, 0).get(0).taskId()).isEqualTo(200);
    AppStatusStore.StageView stage = store.stage(0, 0).orElseThrow();
    assertThat(stage.numCompleteTasks()).isEqualTo(tasks - 12);
    assertThat(stage.numFailedTasks()).isEqualTo(12);
    assertThat(stage.status()).isEqualTo("ACTIVE");
    AppStatusStore.ExecutorView executor = store.executors().get(0);
    assertThat(executor.totalTasks()).isEqualTo(tasks);
    assertThat(executor.failedTasks()).isEqualTo(12);

    store.onEvent(new DriverEvent.ExecutorRemoved("1", "container exited with 137", T0.plusSeconds(9)));
    assertThat(store.executors().get(0).isActive()).isFalse();
    assertThat(store.executors().get(0).removeReason()).contains("137");
  }

  @Test
  void aRunningTaskOnALostExecutor_endsFailedWithTheReason() {
    AppStatusStore store = new AppStatusStore(10, 10);
    store.onEvent(new DriverEvent.ExecutorAdded("1", "h1", 1, "", T0));
    store.onEvent(new DriverEvent.JobStarted(0, "count at X.java:1", T0));
    store.onEvent(new DriverEvent.StageSubmitted(0, 0, 0, "ResultStage", 1, 0, T0));
    store.onEvent(new DriverEvent.TaskStarted(7, 0, 0, 0, 0, "1", T0));
    assertThat(store.jobs().get(0).numActiveTasks()).isEqualTo(1);
    assertThat(store.tasks(0, 0).get(0).status()).isEqualTo("RUNNING");

    store.onEvent(new DriverEvent.TaskEnded(7, "executor 1 was lost: gone", T0.plusSeconds(2)));
    assertThat(store.tasks(0, 0).get(0)).satisfies(t -> {
      assertThat(t.status()).isEqualTo("FAILED");
      assertThat(t.duration()).isEqualTo(2000);
      assertThat(t.errorMessage()).contains("lost");
    });
    assertThat(store.jobs().get(0).numFailedTasks()).isEqualTo(1);
    assertThat(store.jobs().get(0).status()).isEqualTo("RUNNING");
  }

  @Test
  void taskSummary_givesMinQuartilesAndMaxOfTheSucceededTasksMetrics() {
    AppStatusStore store = new AppStatusStore(10, 10);
    store.onEvent(new DriverEvent.JobStarted(0, "collect at X.java:1", T0));
    store.onEvent(new DriverEvent.StageSubmitted(0, 0, 0, "ShuffleMapStage", 6, 0, T0));
    for (long t = 1; t <= 5; t++) {
      store.onEvent(new DriverEvent.TaskStarted(t, 0, 0, (int) t, 0, "1", T0));
      store.onEvent(new DriverEvent.TaskEnded(t, "", new DriverEvent.TaskMetrics(t * 10, t, t * 100, t * 1000,
          t * 7, t * 3), T0.plusMillis(t * 10)));
    }
    store.onEvent(new DriverEvent.TaskStarted(6, 0, 0, 6, 0, "1", T0));
    store.onEvent(new DriverEvent.TaskEnded(6, "boom", new DriverEvent.TaskMetrics(1, 999, 999, 999, 999, 999),
        T0.plusSeconds(9)));

    AppStatusStore.TaskSummary summary = store.taskSummary(0, 0).orElseThrow();
    assertThat(summary.tasks()).isEqualTo(5); // the failed one is left out
    assertThat(summary.metrics()).containsExactly(
        new AppStatusStore.MetricQuantiles("duration", 10, 20, 30, 40, 50),
        new AppStatusStore.MetricQuantiles("gcTime", 1, 2, 3, 4, 5),
        new AppStatusStore.MetricQuantiles("shuffleReadBytes", 100, 200, 300, 400, 500),
        new AppStatusStore.MetricQuantiles("shuffleWriteBytes", 1000, 2000, 3000, 4000, 5000),
        new AppStatusStore.MetricQuantiles("recordsRead", 7, 14, 21, 28, 35),
        new AppStatusStore.MetricQuantiles("recordsWritten", 3, 6, 9, 12, 15));
    assertThat(store.taskSummary(9, 0)).isEmpty();
  }
}
