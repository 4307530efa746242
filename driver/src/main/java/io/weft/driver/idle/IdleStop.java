package io.weft.driver.idle;

import io.weft.driver.DriverKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Why a driver stopped for idleness: nothing ran or kept it alive from {@code lastActivity} for
 * {@code timeout}. {@code anyJob} says whether a job ever ran (else the last activity is the start).
 */
public record IdleStop(Duration timeout, Instant lastActivity, boolean anyJob) {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /** For the application's final report, e.g. "the driver was idle for 5m (weft.driver.idleTimeout=300000): …". */
  public String diagnostic() {
    return reason() + "; context stopped";
  }

  /** What a job (or other use of the context) started after the stop fails with. */
  public String refusal() {
    return "the context was stopped because " + reason() + "; create a new context (or raise "
        + DriverKeys.IDLE_TIMEOUT.key() + "; 0 = never)";
  }

  private String reason() {
    return "the driver was idle for " + human(timeout) + " (" + DriverKeys.IDLE_TIMEOUT.key() + "="
        + timeout.toMillis() + "): " + (anyJob ? "no job ran since " : "no job ran since the context started at ")
        + CLOCK.format(lastActivity) + " UTC";
  }

  /** 5m, 90s, 1500 ms: the largest unit that divides the duration. */
  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms >= 3_600_000 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms >= 60_000 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms >= 1000 && ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + " ms";
  }
}
