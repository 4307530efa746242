package io.weft.common.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.logging.log4j.Logger;

/**
 * Tells a person once when a peer (the ResourceManager) is lost and once when it is found again,
 * however many calls fail and retry in between, and from however many threads: one line per
 * outage, not one per retry.
 */
public final class OutageReporter {
  /** Reports nothing; its peer is named generically in diagnostics. */
  public static final OutageReporter SILENT = new OutageReporter("the ResourceManager", line -> {}, line -> {});

  private final String peer;
  private final Consumer<String> onLost;
  private final Consumer<String> onFound;
  private final AtomicBoolean lost = new AtomicBoolean();

  private OutageReporter(String peer, Consumer<String> onLost, Consumer<String> onFound) {
    this.peer = requireNonNull(peer);
    this.onLost = requireNonNull(onLost);
    this.onFound = requireNonNull(onFound);
  }

  /** Reports the ResourceManager at {@code address} (host:port) to {@code out}, a line at a time. */
  public static OutageReporter forResourceManager(String address, Consumer<String> out) {
    return new OutageReporter("the ResourceManager at " + address, out, out);
  }

  /** Reports the ResourceManager at {@code address} to {@code log}: the loss as a warning, the return as news. */
  public static OutageReporter logged(String address, Logger log) {
    return new OutageReporter("the ResourceManager at " + address, log::warn, log::info);
  }

  /** How diagnostics name the peer: "the ResourceManager at 127.0.0.1:8032". */
  public String peer() {
    return peer;
  }

  /** A retryable call failed; the first failure of an outage is reported, with how long retries go on. */
  public void lost(Throwable failure, Duration maxWait) {
    if (lost.compareAndSet(false, true)) {
      onLost.accept("lost " + peer + " (" + summary(failure) + "); "
          + (maxWait.toDays() > 365 ? "retrying until it is back" : "retrying for up to " + human(maxWait)));
    }
  }

  /** A call got through; reported only when it ends an outage. */
  public void found() {
    if (lost.compareAndSet(true, false)) {
      onFound.accept("reconnected to " + peer);
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
