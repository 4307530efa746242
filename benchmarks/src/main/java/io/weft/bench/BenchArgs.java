package io.weft.bench;

import java.util.Arrays;

/** Command-line flags of the form {@code --name=value} the benchmarks share. */
final class BenchArgs {
  private BenchArgs() {}

  /** The value of the last {@code name} flag ({@code name} ends with '='), or {@code fallback} without one. */
  static int intFlag(String[] argv, String name, int fallback) {
    return Arrays.stream(argv).filter(a -> a.startsWith(name))
        .mapToInt(a -> {
          String value = a.substring(name.length());
          try {
            return Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(a + ": '" + value + "' is not a whole number", e);
          }
        })
        .reduce((a, b) -> b).orElse(fallback);
  }

  /**
   * As {@link #intFlag}, refusing a negative value with the flag, the value and {@code what} it counts named (e.g.
   * "--ams=-2: the number of AMs cannot be negative").
   */
  static int nonNegativeIntFlag(String[] argv, String name, int fallback, String what) {
    int value = intFlag(argv, name, fallback);
    if (value < 0) {
      throw new IllegalArgumentException(name + value + ": " + what + " cannot be negative");
    }
    return value;
  }

  /** The arguments that are not {@code --name=value} flags, in their order. */
  static String[] positional(String[] argv) {
    return Arrays.stream(argv).filter(a -> !(a.startsWith("--") && a.contains("="))).toArray(String[]::new);
  }
}
