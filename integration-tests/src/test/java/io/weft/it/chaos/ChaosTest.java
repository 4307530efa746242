package io.weft.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run CI makes on every build (seeded, printed; {@code -Dchaos.seed=N} replays one,
 * {@code -Dchaos.minutes=M} makes it a timed run, as {@code bin/bench-chaos.sh} does): real
 * applications with known answers while executors, AM containers, NMs and the RM are killed with
 * kill -9. It passes when no answer is wrong, every failure names the kill that caused it, nothing
 * hung and nothing of the cluster is left running.
 */
@Tag("chaos")
class ChaosTest {
  /** Where the report goes besides stdout (bin/bench-chaos.sh prints it). */
  static final String REPORT = "chaos.report";

  @Test
  void applicationsUnderKill9_endWithTheRightAnswerOrAFailureNamingTheKill_andLeaveNothingRunning(
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir) {
    ChaosPlan plan = ChaosPlan.fromSystemProperties();
    System.out.println("chaos: " + plan);
    ChaosReport report = new ChaosRun(plan, workDir, System.out::println).run();
    String text = report.text();
    System.out.println(text);
    writeReport(text);
    String replay = "\n" + text + "work dir (kept on failure): " + workDir;
    assertThat(report.kills()).as("kills that found a target%s", replay).isNotEmpty();
    assertThat(report.outcomes()).as("applications judged%s", replay).isNotEmpty();
    assertThat(report.with(Outcome.Verdict.WRONG_ANSWER)).as("wrong answers%s", replay).isEmpty();
    assertThat(report.with(Outcome.Verdict.FAILED_UNEXPLAINED)).as("failures naming no kill%s", replay).isEmpty();
    assertThat(report.with(Outcome.Verdict.HUNG)).as("hung applications%s", replay).isEmpty();
    assertThat(report.problems()).as("daemons that would not come back%s", replay).isEmpty();
    assertThat(report.leftovers()).as("processes left running%s", replay).isEmpty();
  }

  private static void writeReport(String text) {
    String file = System.getProperty(REPORT, "");
    if (!file.isBlank()) {
      try {
        Files.writeString(Path.of(file), text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
