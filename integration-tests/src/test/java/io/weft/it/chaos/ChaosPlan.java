package io.weft.it.chaos;

import java.time.Duration;
import java.util.Optional;

/**
 * The size and pace of one chaos run, and the seed everything random in it is drawn from: the
 * corpus, which applications are submitted in which order, when kills happen, what kind each is,
 * which of the eligible processes it hits and how long a killed daemon stays down. Which process
 * a kill finds depends on how far the applications have got, so a replay repeats the plan, not
 * necessarily every pid.
 *
 * @param applications how many applications to submit at most
 * @param submitFor submissions stop after this long (a timed run); empty: after {@code applications}
 * @param concurrency applications in flight at once
 * @param kills how many kills at most
 * @param firstKill the first kill comes this long after the first submission
 * @param minGap shortest pause between two kills
 * @param maxGap longest pause between two kills
 * @param corpusLines lines of the generated WordCount input
 */
record ChaosPlan(long seed, int nodeManagers, int applications, Optional<Duration> submitFor, int concurrency,
    int kills, Duration firstKill, Duration minGap, Duration maxGap, int corpusLines) {
  static final String SEED = "chaos.seed";
  static final String MINUTES = "chaos.minutes";

  /** The run CI makes: small enough for a shared 2-core machine, big enough to hit every kind of process. */
  static ChaosPlan ci(long seed) {
    return new ChaosPlan(seed, 2, 5, Optional.empty(), 3, 4, Duration.ofSeconds(12), Duration.ofSeconds(6),
        Duration.ofSeconds(14), 60_000);
  }

  /** A run that keeps submitting for {@code duration}, then lets what is in flight end. */
  static ChaosPlan timed(long seed, Duration duration) {
    return new ChaosPlan(seed, 3, Integer.MAX_VALUE, Optional.of(duration), 3, Integer.MAX_VALUE,
        Duration.ofSeconds(15), Duration.ofSeconds(8), Duration.ofSeconds(25), 100_000);
  }

  /** {@code -Dchaos.seed=N} replays a run; {@code -Dchaos.minutes=M} makes it a timed run of M minutes. */
  static ChaosPlan fromSystemProperties() {
    String seedText = System.getProperty(SEED, "");
    long seed = seedText.isBlank() ? new java.security.SecureRandom().nextLong() : parse(SEED, seedText);
    String minutes = System.getProperty(MINUTES, "");
    if (minutes.isBlank() || minutes.equals("0")) {
      return ci(seed);
    }
    long m = parse(MINUTES, minutes);
    if (m < 1 || m > 24 * 60) {
      throw new IllegalArgumentException(MINUTES + " must be between 1 and 1440 (a day); got " + m);
    }
    return timed(seed, Duration.ofMinutes(m));
  }

  private static long parse(String key, String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number; got '" + text + "'", e);
    }
  }

  @Override
  public String toString() {
    return "seed " + seed + " (replay: -D" + SEED + "=" + seed + "), " + nodeManagers + " NMs, "
        + submitFor.map(d -> "submitting for " + d.toMinutes() + " min").orElse(applications + " applications")
        + ", " + concurrency + " at once, " + (kills == Integer.MAX_VALUE ? "a kill" : "up to " + kills + " kills,")
        + " every " + minGap.toSeconds() + "-" + maxGap.toSeconds() + " s";
  }
}
