package io.weft.common.id;

import io.weft.common.rpc.WeftException;

/**
 * Parsing and formatting shared by the textual id forms. Ids cross every RPC as text (an AM's releases, each
 * container the RM grants, each one an NM reports), so these work on the text in place: splitting into substrings and
 * checking them with streams made parsing ids the largest source of garbage on the RM's transport threads.
 */
final class IdParts {
  private IdParts() {}

  /**
   * The numbers of {@code text}, which must be {@code prefix} and then {@code count} runs of digits joined by
   * {@code _}: malformed text is refused before any number is read, and a number too large for a long after.
   */
  static long[] numbers(String text, String prefix, int count, String what, String example) {
    if (text == null || !text.startsWith(prefix)) {
      throw malformed(text, what, example);
    }
    return numbers(text, prefix.length(), count, what, example);
  }

  /** The same, for the text from {@code start} on. */
  static long[] numbers(String text, int start, int count, String what, String example) {
    int[] ends = new int[count];
    int from = start;
    for (int i = 0; i < count; i++) {
      int end = text.indexOf('_', from);
      boolean last = i == count - 1;
      if (last != (end < 0)) {
        throw malformed(text, what, example);
      }
      ends[i] = last ? text.length() : end;
      if (!allDigits(text, from, ends[i])) {
        throw malformed(text, what, example);
      }
      from = ends[i] + 1;
    }
    long[] numbers = new long[count];
    from = start;
    for (int i = 0; i < count; i++) {
      numbers[i] = number(text, from, ends[i]);
      from = ends[i] + 1;
    }
    return numbers;
  }

  /** True when {@code text} has at least one character from {@code from} to {@code to} and all are digits. */
  static boolean allDigits(String text, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The number the digits of {@code text} from {@code from} to {@code to} spell. */
  static long number(String text, int from, int to) {
    try {
      return Long.parseLong(text, from, to, 10);
    } catch (NumberFormatException e) {
      throw WeftException.invalidArgument("'" + text + "' has a number out of range: " + text.substring(from, to));
    }
  }

  /** Appends {@code value} (not negative) with zeros in front to at least {@code width} digits. */
  static StringBuilder appendPadded(StringBuilder to, long value, int width) {
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    for (; digits < width; digits++) {
      to.append('0');
    }
    return to.append(value);
  }

  private static WeftException malformed(String text, String what, String example) {
    return WeftException.invalidArgument("'" + text + "' is not a valid " + what + " (expected e.g. " + example + ")");
  }
}
