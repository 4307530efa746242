package io.weft.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.common.config.ConfigException;
import io.weft.driver.idle.DriverActivity;
import io.weft.driver.idle.IdleStop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** weft.driver.idleTimeout on a real local context and its real timer (the clock logic: DriverActivityTest). */
class IdleShutdownTest {
  private static WeftConf conf(String idleTimeoutMs) {
    return new WeftConf(false).setMaster("local[1]").setAppName("idle-test").set("weft.ui.enabled", "false")
        .set(DriverKeys.IDLE_TIMEOUT.key(), idleTimeoutMs);
  }

  @Test
  void idleContext_stopsItself_andWorkAfterwardsFailsNamingTheIdleStop() {
    WeftContext context = new WeftContext(conf("200"));
    try {
      assertThat(context.idleTimeout()).contains(Duration.ofMillis(200));
      assertThat(context.parallelize(List.of(1, 2, 3), 2).count()).isEqualTo(3);

      await("the idle context to stop").atMost(Duration.ofSeconds(30)).until(context::isStopped);

      assertThat(context.idleStop()).map(IdleStop::diagnostic).hasValueSatisfying(d -> assertThat(d)
          .startsWith("the driver was idle for 200 ms (weft.driver.idleTimeout=200): no job ran since ")
          .endsWith("UTC; context stopped"));
      assertThatThrownBy(() -> context.parallelize(List.of(1), 1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the context was stopped because the driver was idle for 200 ms");
      assertThatThrownBy(context::holdAlive).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("idle for 200 ms");
    } finally {
      context.stop();
    }
  }

  @Test
  void aHeldContext_doesNotStop_andStopsOnceReleased() {
    WeftContext context = new WeftContext(conf("100"));
    try {
      DriverActivity.Lease queued = context.holdAlive();
      // a job run while held still works; the hold outlives it
      assertThat(context.parallelize(List.of(1, 2), 2).count()).isEqualTo(2);
      assertThat(context.isStopped()).isFalse();
      queued.close();
      await("the released context to stop").atMost(Duration.ofSeconds(30)).until(context::isStopped);
      assertThat(context.idleStop()).isPresent();
    } finally {
      context.stop();
    }
  }

  @Test
  void withoutTheKey_theContextNeverStopsItself_butTracksActivity() {
    WeftContext context = new WeftContext(new WeftConf(false).setMaster("local[1]").set("weft.ui.enabled", "false"));
    try {
      assertThat(context.idleTimeout()).isEmpty();
      var before = context.lastActivity();
      context.parallelize(List.of(1), 1).count();
      context.keepAlive();
      assertThat(context.lastActivity()).isAfterOrEqualTo(before);
      assertThat(context.idleStop()).isEmpty();
    } finally {
      context.stop();
    }
  }

  /**
   * A job submitted as the timer fires (a 1 ms timeout, so they meet): it either completes or fails
   * with an error naming the idle stop; it never hangs on a stopped context.
   */
  @Test
  void jobRacingTheIdleTimer_eitherCompletesOrFailsNamingIt() throws Exception {
    int completed = 0;
    for (int round = 0; round < 20; round++) {
      WeftContext context = new WeftContext(conf("1"));
      try {
        CompletableFuture<Object> job = CompletableFuture.supplyAsync(() -> {
          try {
            return context.parallelize(List.of(1, 2, 3), 3).count();
          } catch (IllegalStateException e) {
            return e;
          }
        });
        Object outcome = job.get(60, TimeUnit.SECONDS); // bounded: a hang fails the test
        if (outcome instanceof Long count) {
          assertThat(count).isEqualTo(3);
          completed++;
        } else {
          assertThat(((IllegalStateException) outcome).getMessage()).as("round %d", round)
              .contains("the context was stopped because the driver was idle for 1 ms");
        }
      } finally {
        context.stop();
      }
    }
    assertThat(completed).isBetween(0, 20);
  }

  @Test
  void invalidSchedulerMode_isRefusedNamingTheValueAndTheAllowedOnes() {
    assertThatThrownBy(() -> new WeftContext(new WeftConf(false).setMaster("local[1]")
        .set("weft.ui.enabled", "false").set("weft.scheduler.mode", "LOTTERY")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration weft.scheduler.mode=LOTTERY is not a valid choice: expected one of FIFO, FAIR");
  }

  @Test
  void negativeIdleTimeout_isRefusedNamingTheKey() {
    assertThatThrownBy(() -> new WeftContext(conf("-5"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.driver.idleTimeout=-5");
  }
}
