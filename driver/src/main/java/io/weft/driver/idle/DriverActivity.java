package io.weft.driver.idle;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A driver's activity, and its stop once it has been idle for the timeout: a driver is busy while a
 * {@link Lease} is held (a job runs, or a job server holds one for a queued request), and its idle
 * clock restarts when the last lease ends or on {@link #keepAlive()}. Starting a lease and deciding
 * the driver is idle exclude each other under one monitor, so a job arriving as the timer fires
 * either started first (and the driver stays) or is refused with the {@link IdleStop#refusal()},
 * never left waiting on a stopping context. A timeout of zero never stops the driver (activity is
 * still tracked for {@link #lastActivity()}).
 */
public final class DriverActivity implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();

  /** When to look again whether the driver is idle; each call replaces the previous wake-up. */
  public interface Wakeups extends AutoCloseable {
    void after(Duration delay, Runnable check);

    @Override
    void close();

    /** Never wakes (no timeout, or a test that calls {@link #checkIdle()} itself). */
    Wakeups NONE = new Wakeups() {
      @Override
      public void after(Duration delay, Runnable check) {}

      @Override
      public void close() {}
    };

    /** A daemon thread named {@code name} that runs the check after the delay. */
    static Wakeups timerThread(String name) {
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
      });
      // closing (possibly from the timer thread itself, as the idle stop does) drops the waiting check
      // and never interrupts a running one
      timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      return new Wakeups() {
        private ScheduledFuture<?> next;

        @Override
        public synchronized void after(Duration delay, Runnable check) {
          if (next != null) {
            next.cancel(false);
          }
          if (!timer.isShutdown()) {
            next = timer.schedule(check, delay.toMillis(), TimeUnit.MILLISECONDS);
          }
        }

        @Override
        public synchronized void close() {
          timer.shutdown();
        }
      };
    }
  }

  /** A hold on the driver's activity: the driver is not idle until it is closed. Closing twice is harmless. */
  public final class Lease implements AutoCloseable {
    private boolean closed;

    private Lease() {}

    @Override
    public void close() {
      synchronized (DriverActivity.this) {
        if (closed) {
          return;
        }
        closed = true;
        held--;
        lastActivity = clock.instant();
        if (held == 0 && !timeout.isZero() && stop == null) {
          wakeups.after(timeout, DriverActivity.this::checkIdle);
        }
      }
    }
  }

  private final Duration timeout;
  private final Clock clock;
  private final Wakeups wakeups;
  private final Consumer<IdleStop> onIdle;
  private int held;
  private boolean anyJob;
  private boolean closed;
  private Instant lastActivity;
  private IdleStop stop;

  /**
   * Starts the idle clock now; {@code onIdle} runs once, outside this object's monitor, when the
   * driver has been idle for {@code timeout} (and is never run if it is zero).
   */
  public DriverActivity(Duration timeout, Clock clock, Wakeups wakeups, Consumer<IdleStop> onIdle) {
    this.timeout = requireNonNull(timeout, "timeout");
    this.clock = requireNonNull(clock, "clock");
    this.wakeups = requireNonNull(wakeups, "wakeups");
    this.onIdle = requireNonNull(onIdle, "onIdle");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("idle timeout " + timeout + " is negative");
    }
    synchronized (this) {
      this.lastActivity = clock.instant();
      if (!timeout.isZero()) {
        wakeups.after(timeout, this::checkIdle);
      }
    }
  }

  /**
   * A job starts: the driver is busy until the lease closes.
   *
   * @throws IllegalStateException naming the idle stop when the driver already stopped for idleness
   */
  public synchronized Lease jobStarted() {
    Lease lease = hold();
    anyJob = true;
    return lease;
  }

  /**
   * Holds the driver busy, e.g. while a job server has a request queued that is not a job yet.
   *
   * @throws IllegalStateException naming the idle stop when the driver already stopped for idleness
   */
  public synchronized Lease hold() {
    if (stop != null) {
      throw new IllegalStateException(stop.refusal());
    }
    held++;
    lastActivity = clock.instant();
    return new Lease();
  }

  /** Restarts the idle clock now (no effect once stopped). */
  public synchronized void keepAlive() {
    if (stop == null) {
      lastActivity = clock.instant();
    }
  }

  /** When the driver was last busy (or started); while a lease is held, when the newest began. */
  public synchronized Instant lastActivity() {
    return lastActivity;
  }

  /** Whether a job or a hold is active now. */
  public synchronized boolean busy() {
    return held > 0;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Why the driver stopped for idleness, once it did. */
  public synchronized Optional<IdleStop> idleStop() {
    return Optional.ofNullable(stop);
  }

  /**
   * Stops the driver if it has been idle for the timeout (running {@code onIdle}); otherwise asks
   * to be woken when it could be. Returns the stop if this call made it.
   */
  public Optional<IdleStop> checkIdle() {
    IdleStop made;
    synchronized (this) {
      if (timeout.isZero() || closed || stop != null || held > 0) {
        return Optional.empty(); // busy: the last lease to close asks for the next wake-up
      }
      Instant deadline = lastActivity.plus(timeout);
      Instant now = clock.instant();
      if (now.isBefore(deadline)) {
        wakeups.after(Duration.between(now, deadline), this::checkIdle);
        return Optional.empty();
      }
      stop = new IdleStop(timeout, lastActivity, anyJob);
      made = stop;
    }
    LOG.info("{}", made.diagnostic());
    try {
      onIdle.accept(made);
    } finally {
      wakeups.close();
    }
    return Optional.of(made);
  }

  /** The context stopped for another reason: no more wake-ups. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    wakeups.close();
  }
}
