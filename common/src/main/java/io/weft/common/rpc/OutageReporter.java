package io.weft.common.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.config.RmEndpoints;
import io.weft.common.id.HostPort;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.logging.log4j.Logger;

/**
 * Tells a person once when a peer (the ResourceManager) is lost and once when it is found again,
 * however many calls fail and retry in between, and from however many threads: one line per
 * outage, not one per retry. Over a {@link FailoverChannel} the lines name the ResourceManager that
 * was lost, the ones it fails over along and the one it reached again, still once per outage, not
 * once per address tried.
 */
public final class OutageReporter {
  /** Reports nothing; its peer is named generically in diagnostics. */
  public static final OutageReporter SILENT = new OutageReporter("the ResourceManager", line -> {}, line -> {});

  private final String peer;
  /** The failover channel whose current address the lines name; null for one fixed peer. */
  private final FailoverChannel failover;
  private final Consumer<String> onLost;
  private final Consumer<String> onFound;
  private final AtomicBoolean lost = new AtomicBoolean();
  private final AtomicReference<HostPort> lostAt = new AtomicReference<>();

  private OutageReporter(String peer, Consumer<String> onLost, Consumer<String> onFound) {
    this(peer, null, onLost, onFound);
  }

  private OutageReporter(String peer, FailoverChannel failover, Consumer<String> onLost, Consumer<String> onFound) {
    this.peer = requireNonNull(peer);
    this.failover = failover;
    this.onLost = requireNonNull(onLost);
    this.onFound = requireNonNull(onFound);
  }

  /** Reports the ResourceManager(s) {@code channel} goes to, to {@code out}, a line at a time. */
  public static OutageReporter forResourceManager(Channel channel, Consumer<String> out) {
    return of(channel, out, out);
  }

  /** Reports the ResourceManager(s) {@code channel} goes to, to {@code log}: the loss as a warning, the return as news. */
  public static OutageReporter logged(Channel channel, Logger log) {
    return of(channel, log::warn, log::info);
  }

  private static OutageReporter of(Channel channel, Consumer<String> onLost, Consumer<String> onFound) {
    if (channel instanceof FailoverChannel failover && failover.addresses().size() > 1) {
      return new OutageReporter("the ResourceManagers at " + RmEndpoints.join(failover.addresses()), failover,
          onLost, onFound);
    }
    String address = channel instanceof FailoverChannel failover ? failover.current().toString() : channel.authority();
    return new OutageReporter("the ResourceManager at " + address, onLost, onFound);
  }

  /** Reports the ResourceManager at {@code address} (host:port) to {@code out}, a line at a time. */
  public static OutageReporter forResourceManager(String address, Consumer<String> out) {
    return new OutageReporter("the ResourceManager at " + address, out, out);
  }


  /** How diagnostics name the peer: "the ResourceManager at 127.0.0.1:8032". */
  public String peer() {
    return peer;
  }

  /** A retryable call failed; the first failure of an outage is reported, with how long retries go on. */
  public void lost(Throwable failure, Duration maxWait) {
    if (lost.compareAndSet(false, true)) {
      boolean forever = maxWait.toDays() > 365;
      if (failover == null) {
        onLost.accept("lost " + peer + " (" + summary(failure) + "); "
            + (forever ? "retrying until it is back" : "retrying for up to " + human(maxWait)));
      } else {
        lostAt.set(failover.current());
        onLost.accept("lost the ResourceManager at " + failover.current() + " (" + summary(failure)
            + "); failing over along " + RmEndpoints.join(failover.addresses()) + ", "
            + (forever ? "until one is active" : "for up to " + human(maxWait)));
      }
    }
  }

  /** A call got through; reported only when it ends an outage. */
  public void found() {
    if (lost.compareAndSet(true, false)) {
      if (failover == null) {
        onFound.accept("reconnected to " + peer);
        return;
      }
      HostPort at = failover.current();
      HostPort from = lostAt.get();
      onFound.accept("reconnected to the ResourceManager at " + at
          + (from == null || from.equals(at) ? "" : " (failed over from " + from + ")"));
    }
  }

  /** "UNAVAILABLE: io exception": the status the call failed with, without the caller's prefix. */
  static String summary(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException e) {
        Status status = e.getStatus();
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
      }
    }
    return failure instanceof WeftException e ? e.code() + ": " + e.getMessage() : String.valueOf(failure);
  }

  /** "15 min", "30 s", "300 ms". */
  static String human(Duration duration) {
    if (duration.toMillis() % 60_000 == 0 && !duration.isZero()) {
      return duration.toMinutes() + " min";
    }
    if (duration.toMillis() % 1000 == 0 && !duration.isZero()) {
      return duration.toSeconds() + " s";
    }
    return duration.toMillis() + " ms";
  }
}
