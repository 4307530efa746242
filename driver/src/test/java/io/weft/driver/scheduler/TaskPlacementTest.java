package io.weft.driver.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Placement: a task goes to the executor it prefers when that one has a free slot, else to the least loaded. */
class TaskPlacementTest {
  private static final class Recording implements ExecutorHandle {
    private final String id;
    private final int cores;
    private final Map<String, List<Integer>> launched;

    Recording(String id, int cores, Map<String, List<Integer>> launched) {
      this.id = id;
      this.cores = cores;
      this.launched = launched;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public int cores() {
      return cores;
    }

    @Override
    public void launch(TaskDescription task) {
      launched.computeIfAbsent(id, k -> new ArrayList<>()).add(task.partition());
    }

    @Override
    public void stop(String reason) {}
  }

  @Test
  void tasksGoToTheirPreferredExecutor_whenItHasAFreeSlot() {
    TaskScheduler scheduler = new TaskScheduler(4);
    Map<String, List<Integer>> launched = new ConcurrentHashMap<>();
    scheduler.executorAdded(new Recording("a", 2, launched));
    scheduler.executorAdded(new Recording("b", 2, launched));
    byte[] task = new byte[0];
    scheduler.submit(new TaskSet(0, 0, 0, List.of(0, 1, 2, 3), List.of(task, task, task, task),
        List.of("b", "b", "b", ""), Long.MAX_VALUE));

    assertThat(launched.get("b")).containsExactly(0, 1);
    assertThat(launched.get("a")).containsExactly(2, 3); // b is full: the third goes elsewhere
  }

  @Test
  void resultsAboveTheLimit_failTheSetNamingSizeAndLimit() {
    TaskScheduler scheduler = new TaskScheduler(4);
    Map<String, List<Integer>> launched = new ConcurrentHashMap<>();
    scheduler.executorAdded(new Recording("a", 2, launched));
    byte[] task = new byte[0];
    var future = scheduler.submit(new TaskSet(3, 0, 0, List.of(0, 1), List.of(task, task), List.of("", ""), 100));
    scheduler.taskFinished(0, new byte[60], List.of());
    scheduler.taskFinished(1, new byte[60], List.of());

    assertThat(future).isCompletedExceptionally();
    assertThat(future.handle((r, e) -> e.getMessage()).join())
        .contains("120 bytes").contains("weft.driver.maxResultSize (100 bytes)");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "counted as a task failure: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void lostExecutor_rerunsItsTasks_andOnlyAFailureCountsTowardsTheLimit(boolean countsAsFailure) {
    TaskScheduler scheduler = new TaskScheduler(1);
    Map<String, List<Integer>> launched = new ConcurrentHashMap<>();
    scheduler.executorAdded(new Recording("a", 1, launched));
    var future = scheduler.submit(new TaskSet(0, 0, 0, List.of(7), List.of(new byte[0]), List.of(""),
        Long.MAX_VALUE));
    scheduler.executorLost("a", countsAsFailure ? "exited with status 1" : "was preempted", countsAsFailure);
    scheduler.executorAdded(new Recording("b", 1, launched));

    assertThat(future.isCompletedExceptionally()).isEqualTo(countsAsFailure);
    assertThat(launched.get("b")).isEqualTo(countsAsFailure ? null : List.of(7));
  }

  @Test
  void retiredExecutor_getsNoNewTasks_andOnlyIdleExecutorsAreRetired() {
    TaskScheduler scheduler = new TaskScheduler(4);
    Map<String, List<Integer>> launched = new ConcurrentHashMap<>();
    scheduler.executorAdded(new Recording("a", 1, launched));
    scheduler.executorAdded(new Recording("b", 1, launched));
    scheduler.submit(new TaskSet(0, 0, 0, List.of(0), List.of(new byte[0]), List.of("a"), Long.MAX_VALUE));

    assertThat(scheduler.load()).isEqualTo(new TaskScheduler.Load(0, Map.of("a", 1, "b", 0)));
    assertThat(scheduler.retireIdle(List.of("a", "b"), "idle")).as("a runs a task").containsExactly("b");
    scheduler.submit(new TaskSet(0, 1, 0, List.of(0, 1), List.of(new byte[0], new byte[0]), List.of("b", "b"),
        Long.MAX_VALUE));

    assertThat(launched.get("b")).as("retired: its preference is ignored too").isNull();
    assertThat(scheduler.load().pendingTasks()).isEqualTo(2);
    scheduler.taskFinished(0, new byte[0], List.of());
    assertThat(launched.get("a")).containsExactly(0, 0);
  }

  @Test
  void retiredExecutor_isReportedRemovedAsReleased_howeverItsEndIsReported() {
    List<String> removals = new ArrayList<>();
    TaskScheduler scheduler = new TaskScheduler(4, event -> {
      if (event instanceof io.weft.driver.status.DriverEvent.ExecutorRemoved removed) {
        removals.add(removed.executorId() + ": " + removed.reason());
      }
    });
    Map<String, List<Integer>> launched = new ConcurrentHashMap<>();
    scheduler.executorAdded(new Recording("a", 1, launched));
    scheduler.retireIdle(List.of("a"), "idle for 60 s (weft.dynamicAllocation.executorIdleTimeout)");
    scheduler.executorLost("a", "its session failed: CANCELLED");

    assertThat(removals).containsExactly("a: released: idle for 60 s (weft.dynamicAllocation.executorIdleTimeout)");
  }
}
