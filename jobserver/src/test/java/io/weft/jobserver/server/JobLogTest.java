package io.weft.jobserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobLogTest {
  @Test
  void bytesInPieces_areCutAtNewlines_andAPartialLineIsShown() {
    JobLog log = new JobLog(10);
    byte[] text = "first li".getBytes(StandardCharsets.UTF_8);
    byte[] rest = "ne\r\nsecond\nthi".getBytes(StandardCharsets.UTF_8);

    log.append(text, 0, text.length);
    log.append(rest, 0, rest.length);

    assertThat(log.lines()).containsExactly("first line", "second", "thi");
  }

  @Test
  void pastTheLimit_theOldestLinesAreDroppedAndCounted() {
    JobLog log = new JobLog(2);

    log.line("a");
    log.line("b");
    log.line("c");

    assertThat(log.lines()).containsExactly("b", "c");
    assertThat(log.dropped()).isEqualTo(1);
  }
}
