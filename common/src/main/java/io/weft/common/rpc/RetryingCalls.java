package io.weft.common.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.weft.common.id.HostPort;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Calls to the ResourceManager over one channel that ride out an RM they cannot reach: each call is
 * retried by the one {@link RetryPolicy}; before a retry after UNAVAILABLE (the RM is dead or standby)
 * a {@link FailoverChannel} moves to the next RM, and otherwise the channel's own reconnect back-off
 * is reset (else gRPC keeps failing calls fast for up to two minutes after the RM is back); the
 * outage is reported once when the RM is lost and once when it is found.
 */
public final class RetryingCalls {
  private final Channel channel;
  private final RetryPolicy policy;
  private final OutageReporter outage;

  public RetryingCalls(Channel channel, RetryPolicy policy, OutageReporter outage) {
    this.channel = requireNonNull(channel);
    this.policy = requireNonNull(policy);
    this.outage = requireNonNull(outage);
  }

  /**
   * Runs {@code rpc}, retrying while the RM cannot be reached; an answer from the RM (any other
   * error) is thrown at once, and after the policy's max wait an UNAVAILABLE names {@code what}, the
   * RM's address and how long it waited.
   */
  public <T> T call(String what, Supplier<T> rpc) {
    Attempt attempt = new Attempt();
    return policy.call(what, () -> attempt.run(rpc), () -> beforeRetry(attempt.target, attempt.failure), outage);
  }

  /** Where one call's last try went and how it failed, so that its retry moves on from there only. */
  private final class Attempt {
    private HostPort target;
    private RuntimeException failure;

    <T> T run(Supplier<T> rpc) {
      target = target();
      try {
        return rpc.get();
      } catch (RuntimeException e) {
        failure = e;
        if (isSilence(e) && channel instanceof FailoverChannel failover) {
          // Retried or not, the next call should not wait on an RM that does not answer.
          failover.failoverFrom(target);
        }
        throw e;
      }
    }
  }

  /** The address the next call goes to; null when the channel is not a {@link FailoverChannel}. */
  public HostPort target() {
    return targetOf(channel);
  }

  /** As {@link #readyForRetry} over this channel. */
  public void beforeRetry(HostPort target, Throwable failure) {
    readyForRetry(channel, target, failure);
  }

  /** The address {@code channel}'s next call goes to; null when it is not a {@link FailoverChannel}. */
  public static HostPort targetOf(Channel channel) {
    return channel instanceof FailoverChannel failover ? failover.current() : null;
  }

  /**
   * Readies {@code channel} for a retry of a try that went to {@code target} ({@link #targetOf}) and
   * failed with {@code failure}: fails over when the RM there was unreachable or standby (UNAVAILABLE)
   * or did not answer within the deadline (frozen, or cut off without its connection being reset: an
   * RM stopped with SIGSTOP keeps its connections open and answers nothing), and otherwise just dials
   * again at once.
   */
  public static void readyForRetry(Channel channel, HostPort target, Throwable failure) {
    if (target != null && (RetryPolicy.isRetryable(failure) || isSilence(failure))
        && channel instanceof FailoverChannel failover) {
      failover.failoverFrom(target);
    } else if (channel instanceof ManagedChannel managed) {
      managed.resetConnectBackoff();
    }
  }

  /** The RM did not answer in time: it may be frozen while another RM has taken over. */
  private static boolean isSilence(Throwable failure) {
    return RetryPolicy.isDeadlineExceeded(failure);
  }

  /**
   * As {@link #call} for an RPC that creates something under a name the caller chose (submit an
   * application): a retry answered ALREADY_EXISTS means an earlier try reached the RM and only its
   * answer was lost, so it counts as done.
   */
  public void callCreating(String what, Runnable rpc) {
    AtomicInteger tries = new AtomicInteger();
    call(what, () -> {
      try {
        rpc.run();
      } catch (WeftException e) {
        if (tries.incrementAndGet() == 1 || e.code() != WeftException.Code.ALREADY_EXISTS) {
          throw e;
        }
      }
      return null;
    });
  }

  /** The channel the calls go over. */
  public Channel channel() {
    return channel;
  }

  public RetryPolicy policy() {
    return policy;
  }

  public OutageReporter outage() {
    return outage;
  }
}
