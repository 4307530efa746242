package io.weft.common.config;

import java.util.Locale;

/** spark-submit's memory sizes: {@code 512m}, {@code 2g}, {@code 1t}, {@code 1048576k}; a bare number is MB. */
public final class MemorySize {
  private MemorySize() {}

  /** Parses to whole MB; {@code what} names the value in the error (a flag or a key). */
  public static long parseMb(String text, String what) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("b")) {
      s = s.substring(0, s.length() - 1);
    }
    long factorKb;
    char unit = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    switch (unit) {
      case 'k' -> factorKb = 1;
      case 'm' -> factorKb = 1024;
      case 'g' -> factorKb = 1024L * 1024;
      case 't' -> factorKb = 1024L * 1024 * 1024;
      default -> factorKb = -1;
    }
    String digits = factorKb > 0 ? s.substring(0, s.length() - 1) : s;
    long number;
    try {
      number = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new ConfigException(what + " '" + text + "' is not a memory size (expected e.g. 512m or 2g)");
    }
    if (number < 0) {
      throw new ConfigException(what + " '" + text + "' must not be negative");
    }
    return factorKb > 0 ? number * factorKb / 1024 : number;
  }
}
