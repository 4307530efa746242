package io.weft.it.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Values that break parsers and validators more often than uniform random ones: edges of the
 * integer types, empty and very long strings, unicode, and strings shaped like Weft's ids and
 * paths, so that a handler gets past its first check and meets the next one.
 */
final class FuzzValues {
  /** Long enough to cross any sane name limit, small enough to keep a run fast. */
  static final int LONG_STRING_CHARS = 100 * 1024;

  private static final List<String> SHAPED = List.of("", " ", "application_1_1", "application_0_0",
      "application_-1_-1", "appattempt_1_1_000001", "container_1_1_01_000001", "container_e1_1_1_01_000001",
      "container_1_1_1_999999999999", "127.0.0.1:1", "localhost:-1", "host:99999", ":", "*", "default", "root",
      "root.default", "root..x", ".", "..", "../../etc/passwd", "/etc/passwd", "stdout", "%00", "a\u0000b",
      "\u00e9t\u00e9", "\u65e5\u672c", "\ud83d\ude00", "<script>alert(1)</script>", "'; DROP TABLE x;--",
      "${jndi:ldap://x}", "9223372036854775808", "-1", "NaN", "\n\r\t", "user.name=alice");
  private static final List<Long> EDGE_LONGS = List.of(0L, 1L, -1L, 2L, 1024L, Integer.MAX_VALUE + 0L,
      Integer.MIN_VALUE + 0L, Long.MAX_VALUE, Long.MIN_VALUE, 4096L, 8192L, 1_000_000_000_000L);

  private FuzzValues() {}

  static long anyLong(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> EDGE_LONGS.get(random.nextInt(EDGE_LONGS.size()));
      case 1 -> random.nextInt(20) - 5;
      default -> random.nextLong();
    };
  }

  static int anyInt(Random random) {
    return (int) anyLong(random);
  }

  static String anyString(Random random) {
    return switch (random.nextInt(8)) {
      case 0, 1, 2 -> SHAPED.get(random.nextInt(SHAPED.size()));
      case 3 -> repeat(random, random.nextInt(10) == 0 ? LONG_STRING_CHARS : 300);
      case 4 -> randomUnicode(random, random.nextInt(40));
      case 5 -> "application_" + anyLong(random) + "_" + anyLong(random);
      case 6 -> "container_" + anyLong(random) + "_" + anyLong(random) + "_" + random.nextInt(100) + "_"
          + anyLong(random);
      default -> randomAscii(random, random.nextInt(30));
    };
  }

  static byte[] anyBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(10) == 0 ? 4096 : random.nextInt(64)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A string that is mostly printable ASCII, with the characters URLs and paths treat specially. */
  static String randomAscii(Random random, int length) {
    String alphabet = "abcxyz0129_-.~/%?#&=+;:@!$'()*,[]{}|\\^`\"<> ";
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  static String randomUnicode(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int codePoint = random.nextInt(3) == 0 ? random.nextInt(0x80) : random.nextInt(0x10FFFF);
      // A lone surrogate is not text: protobuf refuses to send it, so no server can receive one.
      s.appendCodePoint(Character.isSurrogate((char) codePoint) ? 0xFFFD : codePoint);
    }
    return s.toString();
  }

  private static String repeat(Random random, int length) {
    return String.valueOf((char) ('a' + random.nextInt(26))).repeat(length);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
