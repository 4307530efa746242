package io.weft.rm.app;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How many of an application's attempts count against its max attempts, as YARN counts them: a
 * failed attempt counts unless the cluster took its AM container away (lost node, failed disks,
 * preemption, killed by the RM), and, with a validity interval, only when it failed within that
 * interval (yarn.resourcemanager.am.attempt-failures-validity-interval; non-positive = every
 * failure counts).
 */
public record AttemptFailures(Duration validityInterval) {
  public AttemptFailures {
    requireNonNull(validityInterval, "validityInterval");
  }

  /** Every failure counts, however old. */
  public static final AttemptFailures ALL_COUNT = new AttemptFailures(Duration.ZERO);

  private boolean expires() {
    return !validityInterval.isZero() && !validityInterval.isNegative();
  }

  /** The attempts of {@code attempts} that count at {@code now}. */
  public int counted(List<RmAttempt> attempts, Instant now) {
    Instant oldest = expires() ? now.minus(validityInterval) : Instant.MIN;
    int counted = 0;
    for (RmAttempt attempt : attempts) {
      Instant failedAt = attempt.finishTimeOrNull();
      if (attempt.failureCounts() && failedAt != null && !failedAt.isBefore(oldest)) {
        counted++;
      }
    }
    return counted;
  }

  /** Why the attempts that failed do not all count, for the application's diagnostics; empty when they all do. */
  public String uncountedNote(List<RmAttempt> attempts, Instant now) {
    long failed = attempts.stream().filter(a -> a.state() == AttemptState.FAILED).count();
    int counted = counted(attempts, now);
    if (failed == counted) {
      return "";
    }
    return "; " + (failed - counted) + " other failed attempt(s) did not count (AM container lost with its node, "
        + "preempted, its disks failed or killed by the ResourceManager"
        + (expires() ? ", or failed more than " + validityInterval.toMillis()
            + " ms ago (weft.resourcemanager.am.attempt-failures-validity-interval)" : "") + ")";
  }
}
