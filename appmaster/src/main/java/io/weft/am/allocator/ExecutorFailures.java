package io.weft.am.allocator;

import io.weft.common.launch.ExitStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Executor failures as Spark on YARN counts them: an executor that could not be launched or whose
 * container failed counts (spark.executor.maxNumFailures); one the cluster took away (lost node,
 * failed disks, preemption, killed by the RM), one the AM or driver stopped, and one that exited
 * cleanly do not. With a validity interval (spark.executor.failuresValidityInterval) failures older
 * than it are forgotten. Thread-safe.
 */
public final class ExecutorFailures {
  private final int max;
  private final Duration validity;
  private final Clock clock;
  private final Deque<Instant> failures = new ArrayDeque<>();

  /** @param validity non-positive: failures are never forgotten */
  public ExecutorFailures(int max, Duration validity, Clock clock) {
    if (max < 1) {
      throw new IllegalArgumentException("max executor failures must be at least 1, got " + max);
    }
    this.max = max;
    this.validity = validity;
    this.clock = clock;
  }

  /** Whether a container that completed with {@code exitStatus} is a failure of the application's. */
  public static boolean counts(int exitStatus) {
    return !ExitStatus.isBenign(exitStatus) && !ExitStatus.isClusterCaused(exitStatus);
  }

  /** Records one failure; true when the failures that count have reached the maximum. */
  public synchronized boolean add() {
    failures.addLast(clock.instant());
    return count() >= max;
  }

  /** The failures that count now. */
  public synchronized int count() {
    if (!validity.isZero() && !validity.isNegative()) {
      Instant oldest = clock.instant().minus(validity);
      while (!failures.isEmpty() && failures.peekFirst().isBefore(oldest)) {
        failures.removeFirst();
      }
    }
    return failures.size();
  }

  public int max() {
    return max;
  }

  /** What the limit is, for a diagnostic. */
  public String describe() {
    return max + (validity.isZero() || validity.isNegative() ? "" : " within " + validity.toMillis() + " ms");
  }
}
