package io.weft.bench.yarn;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.nm.container.ContainerListener;
import io.weft.nm.container.ContainerState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * When each container's process started and exited, as the in-process NodeManagers report it: Weft's
 * counterpart of the harness's listener on each NM's container-event dispatcher. {@code RUNNING} is
 * recorded right after the NM has started the process, an {@code EXITED_*} state once it has exited.
 */
final class ContainerTimes implements ContainerListener {
  /** Launch and exit wall-clock times of one container, 0 until seen. */
  record Times(long launchedMs, long exitedMs) {}

  private final Map<ContainerId, Times> times = new ConcurrentHashMap<>();

  @Override
  public void stateChanged(ContainerId containerId, ContainerState state) {
    long now = System.currentTimeMillis();
    switch (state) {
      case RUNNING -> times.merge(containerId, new Times(now, 0), (old, x) -> new Times(now, old.exitedMs()));
      case EXITED_WITH_SUCCESS, EXITED_WITH_FAILURE -> {
        times.merge(containerId, new Times(0, now), (old, x) -> new Times(old.launchedMs(), now));
        synchronized (this) {
          notifyAll();
        }
      }
      default -> { }
    }
  }

  /** The containers of {@code app} other than {@code amContainer}, with their times. */
  Map<ContainerId, Times> tasksOf(ApplicationId app, ContainerId amContainer) {
    Map<ContainerId, Times> out = new TreeMap<>();
    times.forEach((id, t) -> {
      if (id.applicationId().equals(app) && !id.equals(amContainer)) {
        out.put(id, t);
      }
    });
    return out;
  }

  /** Waits, woken by each exit, until every container of {@code app} seen so far has exited or {@code timeout} passed. */
  synchronized void awaitAllExited(ApplicationId app, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long left;
    while (!allExited(app) && (left = deadline - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  private boolean allExited(ApplicationId app) {
    return times.entrySet().stream().filter(e -> e.getKey().applicationId().equals(app))
        .allMatch(e -> e.getValue().exitedMs() > 0);
  }

  /** The latest launch and the latest exit among {@code tasks}, or -1 where fewer than {@code n} were seen. */
  static long[] lastLaunchAndExit(Map<ContainerId, Times> tasks, int n) {
    List<Times> ts = List.copyOf(tasks.values());
    long launched = ts.stream().filter(t -> t.launchedMs() > 0).count() >= n
        ? ts.stream().mapToLong(Times::launchedMs).max().orElse(-1) : -1;
    long exited = ts.stream().filter(t -> t.exitedMs() > 0).count() >= n
        ? ts.stream().mapToLong(Times::exitedMs).max().orElse(-1) : -1;
    return new long[] {launched, exited};
  }
}
