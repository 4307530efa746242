package io.weft.common.id;

import io.weft.common.rpc.WeftException;

/** Parsing and formatting shared by the textual id forms. */
final class IdParts {
  private IdParts() {}

  static String[] split(String text, String prefix, int count, String what, String example) {
    if (text == null || !text.startsWith(prefix)) {
      throw malformed(text, what, example);
    }
    String[] parts = text.substring(prefix.length()).split("_", -1);
    if (parts.length != count) {
      throw malformed(text, what, example);
    }
    for (String part : parts) {
      if (part.isEmpty() || !part.chars().allMatch(Character::isDigit)) {
        throw malformed(text, what, example);
      }
    }
    return parts;
  }

  static long number(String digits, String whole) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw WeftException.invalidArgument("'" + whole + "' has a number out of range: " + digits);
    }
  }

  static String pad(long value, int width) {
    String digits = Long.toString(value);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  private static WeftException malformed(String text, String what, String example) {
    return WeftException.invalidArgument("'" + text + "' is not a valid " + what + " (expected e.g. " + example + ")");
  }
}
