package io.weft.common.rpc;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * How a caller rides out a ResourceManager it cannot reach: retries that back off exponentially
 * from {@link #INITIAL} up to {@code cap}, each pause drawn between half and all of the current
 * step (jitter, so callers that lost the RM together do not come back together), until
 * {@code maxWait} has passed since the first failure. Only failures that say the RM is not there
 * ({@link #isRetryable}) are retried; an answer from the RM is never retried here.
 */
public final class RetryPolicy {
  static final Duration INITIAL = Duration.ofMillis(50);
  private static final Set<WeftException.Code> RETRYABLE = EnumSet.of(WeftException.Code.UNAVAILABLE);

  private final Duration cap;
  private final Duration maxWait;

  public RetryPolicy(Duration cap, Duration maxWait) {
    this.cap = requireNonNull(cap);
    this.maxWait = requireNonNull(maxWait);
    if (cap.isNegative() || cap.isZero()) {
      throw new IllegalArgumentException("retry interval must be positive, got " + cap);
    }
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
    Throwable t = failure;
    while (t != null) {
      if (t instanceof WeftException e) {
        return RETRYABLE.contains(e.code());
      }
      if (t instanceof io.grpc.StatusRuntimeException s) {
        return s.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE;
      }
      t = t.getCause();
    }
    return false;
  }

  /** A fresh run of retries: the clock of {@code maxWait} starts at its first failure. */
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
    Attempts attempts = start();
    while (true) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        Duration pause = attempts.pauseAfter(e, what);
        sleep(pause);
        beforeRetry.run();
      }
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeftException(WeftException.Code.CANCELLED, "interrupted while waiting to retry");
    }
  }

  /** One run of retries; not thread-safe. */
  public final class Attempts {
    private final long startNanos = System.nanoTime();
    private Duration step = INITIAL;
    private int failures;

    /**
     * The pause before the next try after {@code failure}; rethrows {@code failure} when it is not
     * retryable, and throws UNAVAILABLE naming {@code what} once {@code maxWait} has passed.
     */
    public Duration pauseAfter(RuntimeException failure, String what) {
      if (!isRetryable(failure)) {
        throw failure;
      }
      failures++;
      Duration waited = Duration.ofNanos(System.nanoTime() - startNanos);
      if (waited.compareTo(maxWait) >= 0) {
        throw new WeftException(WeftException.Code.UNAVAILABLE, what + ": the ResourceManager could not be reached for "
            + waited.toMillis() + " ms (" + failures + " tries; weft.resourcemanager.connect.max-wait-ms is "
            + maxWait.toMillis() + "): " + failure.getMessage(), failure);
      }
      long stepMs = step.toMillis();
      long pauseMs = stepMs / 2 + ThreadLocalRandom.current().nextLong(stepMs / 2 + 1);
      step = step.multipliedBy(2).compareTo(cap) > 0 ? cap : step.multipliedBy(2);
      return Duration.ofMillis(Math.max(1, pauseMs));
    }

    public int failures() {
      return failures;
    }
  }
}
