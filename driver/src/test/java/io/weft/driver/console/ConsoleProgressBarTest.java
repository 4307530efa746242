package io.weft.driver.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.driver.status.DriverEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Spark's console progress line: its shape, and how it is drawn and wiped. */
class ConsoleProgressBarTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void render_isSparksShape_doneAndRunningOfTotal() {
    String line = ConsoleProgressBar.render(3, 41, 4, 100, 60);
    assertThat(line).startsWith("[Stage 3:").endsWith("(41 + 4) / 100]").hasSize(60);
    String bar = line.substring("[Stage 3:".length(), line.indexOf('('));
    assertThat(bar).matches("=+> +");
    assertThat(bar.indexOf('>')).isEqualTo(41 * bar.length() / 100);
    assertThat(ConsoleProgressBar.render(0, 10, 0, 10, 40)).contains("=========").doesNotContain(">");
  }

  @Test
  void activeStages_areDrawnSideBySideWithCarriageReturns_andWipedWhenTheyEnd() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (ConsoleProgressBar bar = new ConsoleProgressBar(err, 80)) {
      bar.onEvent(new DriverEvent.StageSubmitted(0, 1, 0, "ShuffleMapStage", 4, 0, T0));
      bar.onEvent(new DriverEvent.StageSubmitted(0, 2, 0, "ShuffleMapStage", 2, 0, T0));
      bar.onEvent(new DriverEvent.TaskStarted(10, 1, 0, 0, 0, "1", T0));
      bar.onEvent(new DriverEvent.TaskStarted(11, 1, 0, 1, 0, "1", T0));
      bar.onEvent(new DriverEvent.TaskEnded(10, "", T0));
      await("the line of both stages").atMost(Duration.ofSeconds(5))
          .until(() -> bytes.toString(StandardCharsets.UTF_8), s -> s.contains("(1 + 1) / 4]") && s.contains("[Stage 2:"));
      String drawn = bytes.toString(StandardCharsets.UTF_8);
      assertThat(drawn).startsWith("\r[Stage 1:").doesNotContain("\n");
      assertThat(bar.line()).hasSize(80);

      bar.onEvent(new DriverEvent.StageEnded(1, 0, 0, "", T0));
      bar.onEvent(new DriverEvent.StageEnded(2, 0, 0, "", T0));
      String wiped = bytes.toString(StandardCharsets.UTF_8);
      assertThat(wiped).endsWith("\r" + " ".repeat(80) + "\r");
      assertThat(bar.line()).isEmpty();
    }
  }

  @Test
  void columns_comeFromColumnsWhenSensible() {
    assertThat(Terminal.columns("120")).isEqualTo(120);
    assertThat(Terminal.columns(null)).isEqualTo(80);
    assertThat(Terminal.columns("wide")).isEqualTo(80);
    assertThat(Terminal.columns("3")).isEqualTo(80);
  }

  @Test
  void stderrOfATestRun_isNotATerminal() {
    // surefire pipes the forked JVM's stderr: the line must stay off there
    assertThat(Terminal.stderrIsTerminal()).isFalse();
  }
}
