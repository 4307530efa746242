package io.weft.common.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Json#write} reuses its thread's buffer: no answer may show another's bytes. */
class JsonTest {
  @Test
  void anAnswerIsItsOwnAfterTheNextIsWritten() {
    byte[] first = Json.write(Map.of("name", "first answer, the longer of the two"));
    byte[] second = Json.write(Map.of("n", 2));

    assertEquals("{\"name\":\"first answer, the longer of the two\"}", new String(first, StandardCharsets.UTF_8));
    assertEquals("{\"n\":2}", new String(second, StandardCharsets.UTF_8));
  }

  @Test
  void answersLargerThanTheKeptBufferAreWholeAndSoAreSmallOnesAfterThem() {
    String large = "x".repeat(3 << 20);
    byte[] big = Json.write(List.of(large, large));
    byte[] small = Json.write(List.of("y"));

    assertEquals(2 * large.length() + 7, big.length);
    assertArrayEquals(("[\"" + large + "\",\"" + large + "\"]").getBytes(StandardCharsets.UTF_8), big);
    assertEquals("[\"y\"]", new String(small, StandardCharsets.UTF_8));
  }
}
