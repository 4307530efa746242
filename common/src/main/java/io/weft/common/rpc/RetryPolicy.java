package io.weft.common.rpc;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * How a caller rides out a ResourceManager it cannot reach: retries that back off exponentially
 * from {@link #INITIAL} up to {@code cap}, each pause drawn between half and all of the current
 * step (jitter, so callers that lost the RM together do not come back together), until
 * {@code maxWait} has passed since the first failure. Only failures that say the RM is not there
 * ({@link #isRetryable}) are retried; an answer from the RM is never retried here. A call the RM may
 * have acted on without its answer arriving (DEADLINE_EXCEEDED) is retried only by a policy made for
 * a call that is safe to repeat ({@link #alsoRetrying}), such as Allocate with its response id.
 */
public final class RetryPolicy {
  static final Duration INITIAL = Duration.ofMillis(50);
  private static final Set<WeftException.Code> RETRYABLE = EnumSet.of(WeftException.Code.UNAVAILABLE);

  private final Duration cap;
  private final Duration maxWait;
  private final Set<WeftException.Code> retryable;

  public RetryPolicy(Duration cap, Duration maxWait) {
    this(cap, maxWait, RETRYABLE);
  }

  private RetryPolicy(Duration cap, Duration maxWait, Set<WeftException.Code> retryable) {
    this.cap = requireNonNull(cap);
    this.maxWait = requireNonNull(maxWait);
    this.retryable = Set.copyOf(retryable);
    if (cap.isNegative() || cap.isZero()) {
      throw new IllegalArgumentException("retry interval must be positive, got " + cap);
    }
  }

  /** This policy, also retrying failures with {@code codes}: for calls that are safe to repeat. */
  public RetryPolicy alsoRetrying(WeftException.Code... codes) {
    Set<WeftException.Code> wider = EnumSet.copyOf(retryable);
    wider.addAll(List.of(codes));
    return new RetryPolicy(cap, maxWait, wider);
  }

  /** {@code weft.resourcemanager.connect.retry-interval-ms} and {@code .max-wait-ms}. */
  public static RetryPolicy forResourceManager(WeftConfig config) {
    return new RetryPolicy(config.get(CommonKeys.RM_CONNECT_RETRY_INTERVAL), config.get(CommonKeys.RM_CONNECT_MAX_WAIT));
  }

  /** Retries forever: for daemons (NodeManagers) that must find the RM again whenever it comes back. */
  public static RetryPolicy forever(Duration cap) {
    return new RetryPolicy(cap, Duration.ofMillis(Long.MAX_VALUE));
  }

  public Duration maxWait() {
    return maxWait;
  }

  /** True for failures meaning the peer could not be reached (connection refused or lost). */
  public static boolean isRetryable(Throwable failure) {
    return isRetryable(failure, RETRYABLE);
  }

  /** True for a call whose deadline passed without an answer (the peer may have acted on it). */
  public static boolean isDeadlineExceeded(Throwable failure) {
    return isRetryable(failure, EnumSet.of(WeftException.Code.DEADLINE_EXCEEDED));
  }

  /** True for failures this policy retries. */
  public boolean retries(Throwable failure) {
    return isRetryable(failure, retryable);
  }

  private static boolean isRetryable(Throwable failure, Set<WeftException.Code> retryable) {
    Throwable t = failure;
    while (t != null) {
      if (t instanceof WeftException e) {
        return retryable.contains(e.code());
      }
      if (t instanceof io.grpc.StatusRuntimeException s) {
        String code = s.getStatus().getCode().name();
        return retryable.stream().anyMatch(c -> c.name().equals(code));
      }
      t = t.getCause();
    }
    return false;
  }

  /** A fresh run of retries (one call, or one stream until it makes progress again). */
  public Attempts start() {
    return new Attempts();
  }

  /**
   * Runs {@code call}, retrying it as this policy says; {@code beforeRetry} runs before each retry
   * (e.g. {@code channel::resetConnectBackoff}, so gRPC dials again at once instead of after its own
   * back-off of up to two minutes). When the RM stays unreachable past {@code maxWait}, throws an
   * UNAVAILABLE {@link WeftException} naming {@code what}, the time waited and the last error.
   */
  public <T> T call(String what, Supplier<T> call, Runnable beforeRetry) {
    return call(what, call, beforeRetry, OutageReporter.SILENT);
  }

  /** As {@link #call(String, Supplier, Runnable)}, telling {@code outage} when the peer is lost and found again. */
  public <T> T call(String what, Supplier<T> call, Runnable beforeRetry, OutageReporter outage) {
    Attempts attempts = start();
    while (true) {
      try {
        T result = call.get();
        outage.found();
        return result;
      } catch (RuntimeException e) {
        Duration pause = attempts.pauseAfter(e, what, outage.peer());
        outage.lost(e, maxWait);
        sleep(pause);
        beforeRetry.run();
      }
    }
  }

  /**
   * Waits {@code pause} before a retry; an interrupt ends the wait with CANCELLED. The pause is the
   * back-off itself, on the thread whose blocking call is being retried, so nothing else waits on it.
   */
  public static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeftException(WeftException.Code.CANCELLED, "interrupted while waiting to retry");
    }
  }

  /** One run of retries; the clock of {@code maxWait} starts at its first failure. Not thread-safe. */
  public final class Attempts {
    private long firstFailureNanos;
    private Duration step = INITIAL.compareTo(cap) > 0 ? cap : INITIAL;
    private int failures;

    /** As {@link #pauseAfter(RuntimeException, String, String)} for "the ResourceManager". */
    public Duration pauseAfter(RuntimeException failure, String what) {
      return pauseAfter(failure, what, "the ResourceManager");
    }

    /**
     * The pause before the next try after {@code failure}; rethrows {@code failure} when it is not
     * retryable, and throws UNAVAILABLE naming {@code what} and {@code peer} once {@code maxWait} has
     * passed since the first failure.
     */
    public Duration pauseAfter(RuntimeException failure, String what, String peer) {
      if (!retries(failure)) {
        throw failure;
      }
      long now = System.nanoTime();
      if (failures++ == 0) {
        firstFailureNanos = now;
      }
      Duration waited = Duration.ofNanos(now - firstFailureNanos);
      if (waited.compareTo(maxWait) >= 0) {
        throw new WeftException(WeftException.Code.UNAVAILABLE, what + ": " + peer + " could not be reached for "
            + waited.toMillis() + " ms (" + failures + " tries; weft.resourcemanager.connect.max-wait-ms is "
            + maxWait.toMillis() + "): " + failure.getMessage()
            + TlsMismatch.hint(failure).map(hint -> " (" + hint + ")").orElse(""), failure);
      }
      long stepMs = step.toMillis();
      long pauseMs = stepMs / 2 + ThreadLocalRandom.current().nextLong(stepMs / 2 + 1);
      step = step.multipliedBy(2).compareTo(cap) > 0 ? cap : step.multipliedBy(2);
      // Not past the end of maxWait: the last try then comes when the wait ends, not a step later.
      return Duration.ofMillis(Math.max(1, Math.min(pauseMs, maxWait.minus(waited).toMillis())));
    }

    public int failures() {
      return failures;
    }
  }
}
