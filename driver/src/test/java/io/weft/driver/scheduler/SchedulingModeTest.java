package io.weft.driver.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.driver.storage.CachedBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which waiting task gets a free core: FIFO runs the first job's tasks first; FAIR gives the core to
 * the pool with the fewest running tasks, so two pools' jobs interleave; inside a pool, FIFO.
 * One executor with one core, and the test finishes each task by hand: the launch order is the
 * scheduler's decision alone.
 */
class SchedulingModeTest {
  /** Task ids and their "job/partition" labels, in launch order. */
  private static final class OneCore implements ExecutorHandle {
    final List<TaskDescription> launched = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String id() {
      return "e1";
    }

    @Override
    public int cores() {
      return 1;
    }

    @Override
    public void launch(TaskDescription task) {
      launched.add(task);
    }

    @Override
    public void stop(String reason) {}

    List<String> labels() {
      return launched.stream().map(t -> "j" + t.jobId() + "/" + t.partition()).toList();
    }
  }

  private static TaskSet job(int jobId, String pool, int tasks) {
    List<Integer> partitions = new ArrayList<>();
    List<byte[]> bytes = new ArrayList<>();
    List<String> anywhere = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      partitions.add(i);
      bytes.add(new byte[0]);
      anywhere.add("");
    }
    return new TaskSet(jobId, jobId, 0, partitions, bytes, anywhere, Long.MAX_VALUE, pool);
  }

  /** Finishes every launched task in order until nothing more is launched. */
  private static void runToEnd(TaskScheduler scheduler, OneCore executor) {
    for (int i = 0; i < executor.launched.size(); i++) {
      scheduler.taskFinished(executor.launched.get(i).taskId(), new byte[0], List.<CachedBlock>of());
    }
  }

  @Test
  void fifo_runsTheFirstJobsTasksFirst_whateverTheirPools() {
    TaskScheduler scheduler = new TaskScheduler(4, SchedulingMode.FIFO, io.weft.driver.status.DriverListener.NONE);
    OneCore executor = new OneCore();
    scheduler.executorAdded(executor);
    scheduler.submit(job(0, "alice", 3));
    scheduler.submit(job(1, "bob", 3));

    runToEnd(scheduler, executor);

    assertThat(executor.labels()).containsExactly("j0/0", "j0/1", "j0/2", "j1/0", "j1/1", "j1/2");
  }

  @Test
  void fair_interleavesTwoPoolsJobs() {
    TaskScheduler scheduler = new TaskScheduler(4, SchedulingMode.FAIR, io.weft.driver.status.DriverListener.NONE);
    OneCore executor = new OneCore();
    scheduler.executorAdded(executor);
    scheduler.submit(job(0, "alice", 3));
    scheduler.submit(job(1, "bob", 3));
    assertThat(scheduler.runningTasksByPool()).isEqualTo(Map.of("alice", 1));
    assertThat(scheduler.waitingTasksByPool()).isEqualTo(Map.of("alice", 2, "bob", 3));

    runToEnd(scheduler, executor);

    assertThat(executor.labels()).containsExactly("j0/0", "j1/0", "j0/1", "j1/1", "j0/2", "j1/2");
    assertThat(scheduler.runningTasksByPool()).isEmpty();
  }

  @Test
  void fair_runsJobsOfOnePoolFifo_whileTheOtherPoolTakesTurns() {
    TaskScheduler scheduler = new TaskScheduler(4, SchedulingMode.FAIR, io.weft.driver.status.DriverListener.NONE);
    OneCore executor = new OneCore();
    scheduler.executorAdded(executor);
    scheduler.submit(job(0, "alice", 2));
    scheduler.submit(job(1, "alice", 2));
    scheduler.submit(job(2, "bob", 2));

    runToEnd(scheduler, executor);

    assertThat(executor.labels()).containsExactly("j0/0", "j2/0", "j0/1", "j2/1", "j1/0", "j1/1");
  }

  @Test
  void fair_withOnePool_isFifo() {
    TaskScheduler scheduler = new TaskScheduler(4, SchedulingMode.FAIR, io.weft.driver.status.DriverListener.NONE);
    OneCore executor = new OneCore();
    scheduler.executorAdded(executor);
    scheduler.submit(job(0, SchedulingMode.DEFAULT_POOL, 2));
    scheduler.submit(job(1, null, 2)); // no pool named: the default one

    runToEnd(scheduler, executor);

    assertThat(executor.labels()).containsExactly("j0/0", "j0/1", "j1/0", "j1/1");
  }

  @Test
  void fair_aRetriedTaskGoesFirstInItsPool() {
    TaskScheduler scheduler = new TaskScheduler(4, SchedulingMode.FAIR, io.weft.driver.status.DriverListener.NONE);
    OneCore executor = new OneCore();
    scheduler.executorAdded(executor);
    scheduler.submit(job(0, "alice", 2));
    scheduler.submit(job(1, "bob", 1));
    scheduler.taskFailed(executor.launched.get(0).taskId(), "flaky", "");

    // alice's failed partition 0 waits first in alice's queue; bob's turn comes first (served never)
    runToEnd(scheduler, executor);

    assertThat(executor.labels()).containsExactly("j0/0", "j1/0", "j0/0", "j0/1");
  }
}
