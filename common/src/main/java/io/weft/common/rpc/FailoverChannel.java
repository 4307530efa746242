package io.weft.common.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.weft.common.id.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A channel to one of several ResourceManagers (HA): each call goes to the current one, and
 * {@link #failoverFrom} moves to the next, round-robin, when a call found the current one dead or
 * standby. One underlying channel per address is kept, so moving back costs no new connection. With a
 * single address it is that address's channel, and a failover only makes it dial again at once.
 * Where a retry goes is all it decides: whether a call is retried stays the {@link RetryPolicy}'s.
 */
public final class FailoverChannel extends ManagedChannel {
  private static final Logger LOG = LogManager.getLogger();

  private final List<HostPort> addresses;
  private final List<ManagedChannel> channels;
  private volatile int current;

  /** Dials each of {@code addresses} with {@code dial} (a channel per address, connecting lazily). */
  public FailoverChannel(List<HostPort> addresses, Function<HostPort, ManagedChannel> dial) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("a failover channel needs at least one address");
    }
    this.addresses = List.copyOf(addresses);
    List<ManagedChannel> dialled = new ArrayList<>();
    for (HostPort address : this.addresses) {
      dialled.add(requireNonNull(dial.apply(address)));
    }
    this.channels = List.copyOf(dialled);
  }

  /** Every address, in failover order. */
  public List<HostPort> addresses() {
    return addresses;
  }

  /** Where calls go now. */
  public HostPort current() {
    return addresses.get(current);
  }

  /**
   * A call to {@code failed} found no active ResourceManager there (UNAVAILABLE): the next calls go to
   * the next address and dial it at once. Does nothing when another caller already moved on from
   * {@code failed}, so callers that fail together move one step, not one step each.
   */
  public void failoverFrom(HostPort failed) {
    int next;
    synchronized (this) {
      int at = current;
      if (!addresses.get(at).equals(failed)) {
        return;
      }
      next = (at + 1) % addresses.size();
      current = next;
    }
    if (addresses.size() > 1) {
      LOG.info("failing over from {} to {}", failed, addresses.get(next));
    }
    // gRPC would otherwise wait out its own reconnect back-off (up to two minutes) before dialling.
    channels.get(next).resetConnectBackoff();
  }

  /** {@link #failoverFrom} the current address. */
  public void failover() {
    failoverFrom(current());
  }

  private ManagedChannel currentChannel() {
    return channels.get(current);
  }

  @Override
  public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
    return currentChannel().newCall(method, options);
  }

  @Override
  public String authority() {
    return currentChannel().authority();
  }

  @Override
  public ConnectivityState getState(boolean requestConnection) {
    return currentChannel().getState(requestConnection);
  }

  @Override
  public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
    currentChannel().notifyWhenStateChanged(source, callback);
  }

  @Override
  public void resetConnectBackoff() {
    channels.forEach(ManagedChannel::resetConnectBackoff);
  }

  @Override
  public void enterIdle() {
    channels.forEach(ManagedChannel::enterIdle);
  }

  @Override
  public FailoverChannel shutdown() {
    channels.forEach(ManagedChannel::shutdown);
    return this;
  }

  @Override
  public FailoverChannel shutdownNow() {
    channels.forEach(ManagedChannel::shutdownNow);
    return this;
  }

  @Override
  public boolean isShutdown() {
    return channels.stream().allMatch(ManagedChannel::isShutdown);
  }

  @Override
  public boolean isTerminated() {
    return channels.stream().allMatch(ManagedChannel::isTerminated);
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    for (ManagedChannel channel : channels) {
      if (!channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "FailoverChannel" + addresses + " at " + current();
  }
}
