package io.weft.common.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Calls to the ResourceManager over one channel that ride out an RM they cannot reach: each call is
 * retried by the one {@link RetryPolicy}, the channel's own reconnect back-off is reset before every
 * retry (otherwise gRPC keeps failing calls fast for up to two minutes after the RM is back), and the
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
    return policy.call(what, rpc, this::resetConnectBackoff, outage);
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

  /** Makes the channel dial again at once (when it is a channel that can be told to). */
  public void resetConnectBackoff() {
    if (channel instanceof ManagedChannel managed) {
      managed.resetConnectBackoff();
    }
  }
}
