package io.weft.driver.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link TaskScheduler#whenExecutorsRegistered}: completes when the count is reached, not before. */
class ExecutorCountWaitTest {
  private record Idle(String id) implements ExecutorHandle {
    @Override
    public int cores() {
      return 1;
    }

    @Override
    public void launch(TaskDescription task) {}

    @Override
    public void stop(String reason) {}
  }

  @Test
  void completesWhenTheNthExecutorRegisters() {
    TaskScheduler scheduler = new TaskScheduler(4);
    CompletableFuture<Void> two = scheduler.whenExecutorsRegistered(2);

    scheduler.executorAdded(new Idle("1"));
    assertThat(two).isNotDone();
    scheduler.executorAdded(new Idle("2"));

    assertThat(two).isCompleted();
  }

  @Test
  void completesAtOnce_whenEnoughAreAlreadyRegistered() {
    TaskScheduler scheduler = new TaskScheduler(4);
    scheduler.executorAdded(new Idle("1"));

    assertThat(scheduler.whenExecutorsRegistered(1)).isCompleted();
    assertThat(scheduler.whenExecutorsRegistered(0)).isCompleted();
  }

  @Test
  void countsExecutorsRegisteredAtTheSameTime_notEverRegistered() {
    TaskScheduler scheduler = new TaskScheduler(4);
    CompletableFuture<Void> two = scheduler.whenExecutorsRegistered(2);

    scheduler.executorAdded(new Idle("1"));
    scheduler.executorLost("1", "container ended");
    scheduler.executorAdded(new Idle("2"));
    assertThat(two).isNotDone();
    scheduler.executorAdded(new Idle("3"));

    assertThat(two).isCompleted();
  }
}
