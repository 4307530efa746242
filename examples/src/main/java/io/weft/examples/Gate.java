package io.weft.examples;

import io.weft.common.lifecycle.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A user program's pause until a file appears, which a test (or the person running the example) creates. */
final class Gate {
  private static final Duration LOOK_EVERY = Duration.ofMillis(100);

  private Gate() {}

  /** Waits until {@code file} exists; fails after {@code timeout} (null = never) naming it. */
  static void await(Path file, Duration timeout) {
    try {
      Poll.until(() -> Files.exists(file) ? Optional.of(true) : Optional.empty(), LOOK_EVERY, timeout)
          .orElseThrow(() -> new IllegalStateException(file + " did not appear within " + timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + file, e);
    }
  }
}
