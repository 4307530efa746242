package io.weft.bench.yarn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultLinesTest {
  @Test
  void readsResultLinesAndSkipsCommentsAndLogs() {
    ResultLines lines = ResultLines.parse(List.of("# --- sched-sync-hb100: peer.yarn.SchedThroughput",
        "sched.sync-hb100.allocations_per_s: 5612.3 allocs/s", "10:01:02.003 WARN  Foo - bar: baz",
        "e2e.default.config.scheduler: org.apache.CapacityScheduler", "footprint.idle.rm_rss: 260 MiB"));

    assertThat(lines.all()).containsOnlyKeys("sched.sync-hb100.allocations_per_s", "e2e.default.config.scheduler",
        "footprint.idle.rm_rss");
    assertThat(lines.number("sched.sync-hb100.allocations_per_s")).hasValue(5612.3);
    assertThat(lines.get("footprint.idle.rm_rss").orElseThrow().unit()).isEqualTo("MiB");
    assertThat(lines.number("e2e.default.config.scheduler")).isEmpty();
    assertThat(lines.number("no.such.figure")).isEmpty();
  }

  @Test
  void writesWhatItReads() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ResultLines.emit(out, "e2e.weft.trueam.n4.finished.median", 412, "ms");
    ResultLines.emit(out, "sched.weft.nodes1000.fill_allocations_per_s", 132612.345, "allocs/s");

    ResultLines lines = ResultLines.parse(bytes.toString(StandardCharsets.UTF_8).lines().toList());

    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("e2e.weft.trueam.n4.finished.median: 412 ms\n");
    assertThat(lines.number("sched.weft.nodes1000.fill_allocations_per_s")).hasValue(132612.3);
  }

  @Test
  void refusesANameThatWouldNotReadBack() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ResultLines.emitText(out, "Weft figure", "1", "ms"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name 'Weft figure'");
  }
}
