package io.weft.rm.scheduler;

import java.time.Duration;

/**
 * An all-or-nothing ask: at least {@code minCount} of its containers are placed in one pass, or
 * none is held. After {@code timeout} (zero = never) without that, the ask is withdrawn and its AM
 * is told why.
 */
public record Gang(int minCount, Duration timeout) {
  public static final Gang NONE = new Gang(0, Duration.ZERO);

  public Gang {
    if (minCount < 0) {
      throw new IllegalArgumentException("negative gang size " + minCount);
    }
  }

  public boolean isGang() {
    return minCount > 0;
  }
}
