package io.weft.driver.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The idle clock with a hand-moved clock: the test wakes the check itself, at the delay the tracker asked for. */
class DriverActivityTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Instant START = Instant.parse("2026-12-03T12:00:00Z");

  /** Records the wake-ups asked for; never runs them by itself. */
  private static final class RecordedWakeups implements DriverActivity.Wakeups {
    final List<Duration> asked = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void after(Duration delay, Runnable check) {
      asked.add(delay);
    }

    @Override
    public void close() {
      closed = true;
    }

    Duration last() {
      return asked.get(asked.size() - 1);
    }
  }

  private final MutableClock clock = new MutableClock(START);
  private final RecordedWakeups wakeups = new RecordedWakeups();
  private final List<IdleStop> stops = new CopyOnWriteArrayList<>();

  private DriverActivity tracker(Duration timeout) {
    return new DriverActivity(timeout, clock, wakeups, stops::add);
  }

  @Test
  void noJobForTheTimeout_stopsOnce_withADiagnosticNamingTheTimeoutTheKeyAndTheStart() {
    DriverActivity activity = tracker(TIMEOUT);
    assertThat(wakeups.last()).isEqualTo(TIMEOUT);

    clock.advance(TIMEOUT.minusSeconds(1));
    assertThat(activity.checkIdle()).isEmpty();
    assertThat(wakeups.last()).isEqualTo(Duration.ofSeconds(1)); // woken again at the deadline
    clock.advance(Duration.ofSeconds(1));
    Optional<IdleStop> stop = activity.checkIdle();

    assertThat(stop).isPresent();
    assertThat(stops).containsExactly(stop.get());
    assertThat(stop.get().diagnostic()).isEqualTo("the driver was idle for 5m (weft.driver.idleTimeout=300000): "
        + "no job ran since the context started at 12:00:00 UTC; context stopped");
    assertThat(wakeups.closed).isTrue();
    assertThat(activity.checkIdle()).isEmpty();
    assertThat(stops).hasSize(1);
  }

  @Test
  void aRunningJob_keepsTheDriverAlive_andTheClockRestartsWhenItEnds() {
    DriverActivity activity = tracker(TIMEOUT);
    clock.advance(TIMEOUT.minusSeconds(1)); // a job arrives just before the deadline
    DriverActivity.Lease job = activity.jobStarted();
    clock.advance(TIMEOUT.multipliedBy(3)); // and runs long past it
    assertThat(activity.checkIdle()).isEmpty();
    assertThat(activity.busy()).isTrue();

    job.close();
    Instant ended = clock.instant();
    assertThat(activity.lastActivity()).isEqualTo(ended);
    assertThat(wakeups.last()).isEqualTo(TIMEOUT);
    clock.advance(TIMEOUT.minusMillis(1));
    assertThat(activity.checkIdle()).isEmpty();
    clock.advance(Duration.ofMillis(1));

    assertThat(activity.checkIdle()).map(IdleStop::diagnostic).hasValueSatisfying(d ->
        assertThat(d).contains("no job ran since 12:19:59 UTC"));
  }

  @Test
  void keepAlive_restartsTheClock_andAHoldCountsAsBusy() {
    DriverActivity activity = tracker(TIMEOUT);
    clock.advance(Duration.ofMinutes(4));
    activity.keepAlive();
    clock.advance(Duration.ofMinutes(4));
    assertThat(activity.checkIdle()).isEmpty();
    assertThat(wakeups.last()).isEqualTo(Duration.ofMinutes(1));

    DriverActivity.Lease queued = activity.hold();
    clock.advance(Duration.ofHours(1));
    assertThat(activity.checkIdle()).isEmpty();
    queued.close();
    queued.close(); // harmless
    assertThat(activity.busy()).isFalse();
    clock.advance(TIMEOUT);
    assertThat(activity.checkIdle()).isPresent();
  }

  @Test
  void aJobAfterTheStop_isRefusedNamingTheIdleStop() {
    DriverActivity activity = tracker(Duration.ofSeconds(90));
    activity.jobStarted().close();
    clock.advance(Duration.ofSeconds(90));
    activity.checkIdle();

    assertThatThrownBy(activity::jobStarted).isInstanceOf(IllegalStateException.class)
        .hasMessage("the context was stopped because the driver was idle for 90s (weft.driver.idleTimeout=90000): "
            + "no job ran since 12:00:00 UTC; create a new context (or raise weft.driver.idleTimeout; 0 = never)");
    assertThatThrownBy(activity::hold).isInstanceOf(IllegalStateException.class).hasMessageContaining("idle for 90s");
  }

  @Test
  void zeroTimeout_neverStops_butTracksActivity() {
    DriverActivity activity = tracker(Duration.ZERO);
    assertThat(wakeups.asked).isEmpty();
    clock.advance(Duration.ofDays(30));
    assertThat(activity.checkIdle()).isEmpty();
    activity.jobStarted().close();
    assertThat(activity.lastActivity()).isEqualTo(clock.instant());
    assertThat(wakeups.asked).isEmpty();
  }

  @Test
  void closed_neverStops() {
    DriverActivity activity = tracker(TIMEOUT);
    activity.close();
    clock.advance(TIMEOUT);
    assertThat(activity.checkIdle()).isEmpty();
    assertThat(stops).isEmpty();
  }

  /**
   * A job submitted exactly as the timer fires: either it started first (the check finds the driver
   * busy and does not stop it) or the check stopped the driver first (the job is refused naming the
   * idle stop). Never both, never neither, and neither side waits.
   */
  @Test
  void jobRacingTheTimer_eitherRunsOrIsRefused_neverBoth() throws Exception {
    int ran = 0;
    int refused = 0;
    for (int round = 0; round < 300; round++) {
      MutableClock raceClock = new MutableClock(START);
      List<IdleStop> raceStops = new CopyOnWriteArrayList<>();
      DriverActivity activity = new DriverActivity(TIMEOUT, raceClock, DriverActivity.Wakeups.NONE, raceStops::add);
      raceClock.advance(TIMEOUT); // the deadline is now: whichever side goes first wins
      CyclicBarrier go = new CyclicBarrier(2);
      CompletableFuture<Optional<IdleStop>> timer = CompletableFuture.supplyAsync(() -> {
        await(go);
        return activity.checkIdle();
      });
      CompletableFuture<Object> job = CompletableFuture.supplyAsync(() -> {
        await(go);
        try {
          return activity.jobStarted();
        } catch (IllegalStateException e) {
          return e;
        }
      });
      Optional<IdleStop> fired = timer.get(30, TimeUnit.SECONDS);
      Object submitted = job.get(30, TimeUnit.SECONDS);

      if (submitted instanceof DriverActivity.Lease) {
        assertThat(fired).as("round %d: the job started, so the driver is not idle", round).isEmpty();
        assertThat(raceStops).isEmpty();
        ran++;
      } else {
        assertThat(fired).as("round %d: the job was refused, so the timer stopped the driver", round).isPresent();
        assertThat(((IllegalStateException) submitted).getMessage()).contains("idle for 5m");
        assertThat(raceStops).hasSize(1);
        refused++;
      }
    }
    assertThat(ran + refused).isEqualTo(300);
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void human_usesTheLargestUnitThatDivides() {
    List<String> shown = new ArrayList<>();
    for (long ms : new long[] {300_000, 90_000, 1500, 7_200_000, 61_000}) {
      shown.add(IdleStop.human(Duration.ofMillis(ms)));
    }
    assertThat(shown).containsExactly("5m", "90s", "1500 ms", "2h", "61s");
  }
}
