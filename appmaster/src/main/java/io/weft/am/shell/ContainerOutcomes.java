package io.weft.am.shell;

import io.weft.am.client.ContainerStatus;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exit statuses of the containers an AM ran, and the one-line summary it puts in the
 * application's diagnostics: {@code 4 containers: 4 succeeded} or
 * {@code 4 containers: 3 succeeded, 1 failed (container_…_000003: exit 2)}. A container the
 * cluster took away (its node lost, -100; its disks failed, -101; preempted, -102) is not an
 * outcome: it is run again in another container, and the summary says so. Thread-safe.
 */
public final class ContainerOutcomes {
  private static final int FAILURES_NAMED = 5;

  private final int expected;
  private final Map<ContainerId, ContainerStatus> completed = new TreeMap<>();
  private final Map<ContainerId, ContainerStatus> takenByCluster = new TreeMap<>();

  /** Expects {@code expected} containers to complete. */
  public ContainerOutcomes(int expected) {
    if (expected < 1) {
      throw new IllegalArgumentException("expected containers must be at least 1, got " + expected);
    }
    this.expected = expected;
  }

  /** Whether a container that ended with {@code exitStatus} was taken away by the cluster, to be run again. */
  public static boolean runsAgain(int exitStatus) {
    return exitStatus == ExitStatus.ABORTED || exitStatus == ExitStatus.DISKS_FAILED
        || exitStatus == ExitStatus.PREEMPTED;
  }

  /**
   * True when {@code status} says the cluster took the container away (see {@link #runsAgain}) and
   * it was not already counted: the caller asks for another container instead of recording an outcome.
   */
  public synchronized boolean takenByCluster(ContainerStatus status) {
    if (completed.containsKey(status.containerId()) || !runsAgain(status.exitStatus())) {
      return false;
    }
    return takenByCluster.putIfAbsent(status.containerId(), status) == null;
  }

  /** Records a completion (a container reported twice counts once); true once all expected have completed. */
  public synchronized boolean record(ContainerStatus status) {
    completed.putIfAbsent(status.containerId(), status);
    return isComplete();
  }

  /** The share of the expected containers that completed, in [0, 1]: the application's progress. */
  public synchronized float completedShare() {
    return Math.min(1f, (float) completed.size() / expected);
  }

  public synchronized boolean isComplete() {
    return completed.size() >= expected;
  }

  /** True when every expected container completed with exit status 0. */
  public synchronized boolean allSucceeded() {
    return isComplete() && completed.values().stream().allMatch(ContainerStatus::succeeded);
  }

  public synchronized String summary() {
    List<ContainerStatus> failed = completed.values().stream().filter(s -> !s.succeeded()).toList();
    StringBuilder sb = new StringBuilder().append(expected).append(expected == 1 ? " container: " : " containers: ")
        .append(completed.size() - failed.size()).append(" succeeded");
    if (!failed.isEmpty()) {
      List<String> named = new ArrayList<>();
      failed.stream().limit(FAILURES_NAMED).forEach(s -> named.add(describe(s)));
      if (failed.size() > FAILURES_NAMED) {
        named.add((failed.size() - FAILURES_NAMED) + " more");
      }
      sb.append(", ").append(failed.size()).append(" failed (").append(String.join("; ", named)).append(')');
    }
    int missing = expected - completed.size();
    if (missing > 0) {
      sb.append(", ").append(missing).append(" did not complete");
    }
    if (!takenByCluster.isEmpty()) {
      List<String> named = new ArrayList<>();
      takenByCluster.values().stream().limit(FAILURES_NAMED).forEach(s -> named.add(describe(s)));
      if (takenByCluster.size() > FAILURES_NAMED) {
        named.add((takenByCluster.size() - FAILURES_NAMED) + " more");
      }
      sb.append("; ").append(takenByCluster.size()).append(" run again after the cluster took the container (")
          .append(String.join("; ", named)).append(')');
    }
    return sb.toString();
  }

  private static String describe(ContainerStatus status) {
    String text = status.containerId() + ": exit " + status.exitStatus();
    if (status.exitStatus() < 0 && !status.diagnostics().isBlank()) {
      text += ", " + status.diagnostics().lines().findFirst().orElse("").strip();
    }
    return text;
  }
}
