package io.weft.nm.launch;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.IntConsumer;

/** Options added to one JVM launch, and what to do with that JVM's exit code once it exits. */
public record JvmLaunchOptions(List<String> options, IntConsumer exited) {
  public static final JvmLaunchOptions NONE = new JvmLaunchOptions(List.of(), code -> { });

  public JvmLaunchOptions {
    options = List.copyOf(options);
    requireNonNull(exited);
  }
}
