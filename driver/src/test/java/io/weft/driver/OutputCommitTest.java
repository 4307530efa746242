package io.weft.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attempt-safe output on real files: output appears whole or not at all, a new attempt of the
 * application starts clean over what a killed one left, and nothing else is ever overwritten.
 */
class OutputCommitTest {
  private static final String FIRST = "appattempt_1700000000000_0007_000001";
  private static final String SECOND = "appattempt_1700000000000_0007_000002";
  private static WeftContext context;
  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    context = new WeftContext(new WeftConf(false).setMaster("local[2]").setAppName("output-test"));
  }

  @AfterAll
  static void stop() {
    context.stop();
  }

  @Test
  void saveAsTextFile_writesThePartsAndSuccess_andNoTemporaryFiles() throws IOException {
    Path out = dir.resolve("out");
    context.parallelize(IntStream.rangeClosed(1, 5).boxed().toList(), 2).saveAsTextFile(out.toString());
    assertThat(names(out)).containsExactly("_SUCCESS", "part-00000", "part-00001");
    assertThat(lines(out)).containsExactly("1", "2", "3", "4", "5");
  }

  @Test
  void aFailedJob_leavesNoOutput_andTheDirectoryCanBeUsedAgain() throws IOException {
    Path out = dir.resolve("out");
    assertThatThrownBy(() -> context.parallelize(IntStream.rangeClosed(1, 4).boxed().toList(), 2).map(x -> {
      if (x == 4) {
        throw new IllegalStateException("deliberate");
      }
      return x;
    }).saveAsTextFile(out.toString())).hasMessageContaining("deliberate");
    assertThat(names(out)).isEmpty();
    context.parallelize(List.of(1), 1).saveAsTextFile(out.toString());
    assertThat(names(out)).containsExactly("_SUCCESS", "part-00000");
  }

  @Test
  void aSecondAttempt_cleansWhatTheKilledFirstLeft_andCommitsExactlyItsOwnParts() throws IOException {
    Path out = dir.resolve("out");
    // attempt 1: one task committed, one killed while writing, then the AM died before the job commit
    OutputCommitter first = OutputCommitter.setUpJob(out.toString(), FIRST);
    first.writeTask(0, part -> Files.writeString(part, "stale\n"));
    Path halfWritten = out.resolve("_temporary/" + FIRST + "/_temporary/attempt_part-00001_x/part-00001");
    Files.createDirectories(halfWritten.getParent());
    Files.writeString(halfWritten, "sta");

    secondAttemptWritesTheWholeOutput(out);
  }

  @Test
  void aSecondAttempt_replacesWhatTheFirstCommitted_whenKilledDuringOrAfterItsJobCommit() throws IOException {
    Path killedMidCommit = dir.resolve("mid-commit");
    OutputCommitter first = OutputCommitter.setUpJob(killedMidCommit.toString(), FIRST);
    first.writeTask(0, part -> Files.writeString(part, "stale\n"));
    first.writeTask(1, part -> Files.writeString(part, "stale\n"));
    // the state a kill between moving part 0 and part 1 leaves
    Files.writeString(killedMidCommit.resolve(OutputCommitter.COMMITTING), FIRST + "\n");
    Files.move(killedMidCommit.resolve("_temporary/" + FIRST + "/part-00000"), killedMidCommit.resolve("part-00000"));
    Path killedAfterCommit = dir.resolve("after-commit");
    OutputCommitter done = OutputCommitter.setUpJob(killedAfterCommit.toString(), FIRST);
    done.writeTask(0, part -> Files.writeString(part, "stale\n"));
    done.commitJob();
    assertThat(names(killedAfterCommit)).containsExactly("_SUCCESS", "part-00000");

    secondAttemptWritesTheWholeOutput(killedMidCommit);
    secondAttemptWritesTheWholeOutput(killedAfterCommit);
  }

  /** Runs attempt 2 over what attempt 1 left in {@code out}, then checks that only attempt 2's output is there. */
  private static void secondAttemptWritesTheWholeOutput(Path out) throws IOException {
    OutputCommitter second = OutputCommitter.setUpJob(out.toString(), SECOND);
    second.writeTask(0, part -> Files.writeString(part, "a\n"));
    second.writeTask(1, part -> Files.writeString(part, "b\n"));
    second.commitJob();
    assertThat(names(out)).as(out.toString()).containsExactly("_SUCCESS", "part-00000", "part-00001");
    assertThat(lines(out)).as(out.toString()).containsExactly("a", "b");
    assertThat(out.resolve("_SUCCESS")).content().isEqualToIgnoringNewLines(SECOND);
  }

  @Test
  void anOutputCommittedByThisAttempt_orByAnotherApplication_orWithoutAMarker_isRefused() throws IOException {
    Path mine = dir.resolve("mine");
    OutputCommitter job = OutputCommitter.setUpJob(mine.toString(), SECOND);
    job.writeTask(0, part -> Files.writeString(part, "x\n"));
    job.commitJob();
    Path other = dir.resolve("other");
    Files.createDirectories(other);
    Files.writeString(other.resolve("_SUCCESS"), "appattempt_1700000000000_0099_000001\n");
    Files.writeString(other.resolve("part-00000"), "theirs\n");
    Path unmarked = dir.resolve("unmarked");
    Files.createDirectories(unmarked.resolve("_temporary/" + FIRST));
    Files.writeString(unmarked.resolve("part-00000"), "whose?\n");
    for (Path out : List.of(mine, other, unmarked)) {
      assertThatThrownBy(() -> OutputCommitter.setUpJob(out.toString(), SECOND))
          .as(out.toString()).hasMessageContaining(out.toString()).hasMessageContaining("already exists");
      assertThat(out.resolve("part-00000")).as(out.toString()).exists();
    }
  }

  @Test
  void duplicateTaskAttempts_leaveOnePartPerPartition() throws IOException {
    Path out = dir.resolve("out");
    OutputCommitter job = OutputCommitter.setUpJob(out.toString(), SECOND);
    job.writeTask(0, part -> Files.writeString(part, "x\n"));
    job.writeTask(0, part -> Files.writeString(part, "x\n"));
    job.commitJob();
    assertThat(names(out)).containsExactly("_SUCCESS", "part-00000");
    assertThat(lines(out)).containsExactly("x");
  }

  @Test
  void aTaskAttemptThatFails_leavesNothingBehind() throws IOException {
    Path out = dir.resolve("out");
    OutputCommitter job = OutputCommitter.setUpJob(out.toString(), SECOND);
    assertThatThrownBy(() -> job.writeTask(0, part -> {
      Files.writeString(part, "half");
      throw new IOException("disk gone");
    })).hasMessageContaining("disk gone");
    try (Stream<Path> all = Files.walk(out)) {
      assertThat(all.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void aTaskOfAJobAlreadyCommitted_writesNothing() throws IOException {
    Path out = dir.resolve("out");
    OutputCommitter job = OutputCommitter.setUpJob(out.toString(), SECOND);
    job.writeTask(0, part -> Files.writeString(part, "x\n"));
    job.commitJob();
    job.writeTask(1, part -> Files.writeString(part, "straggler\n"));
    assertThat(names(out)).containsExactly("_SUCCESS", "part-00000");
  }

  @Test
  void anExistingOutput_orAnotherApplicationsTemporary_isRefused() throws IOException {
    Path done = dir.resolve("done");
    context.parallelize(List.of(1), 1).saveAsTextFile(done.toString());
    Path userFile = dir.resolve("user");
    Files.createDirectories(userFile);
    Files.writeString(userFile.resolve("notes.txt"), "mine");
    Path foreign = dir.resolve("foreign");
    Files.createDirectories(foreign.resolve("_temporary/appattempt_1700000000000_0099_000001"));
    Path laterAttempt = dir.resolve("later");
    Files.createDirectories(laterAttempt.resolve("_temporary/appattempt_1700000000000_0007_000003"));
    for (Path out : List.of(done, userFile, foreign, laterAttempt)) {
      assertThatThrownBy(() -> OutputCommitter.setUpJob(out.toString(), SECOND))
          .as(out.toString()).hasMessageContaining(out.toString()).hasMessageContaining("already exists");
    }
    assertThat(names(done)).containsExactly("_SUCCESS", "part-00000");
    assertThat(userFile.resolve("notes.txt")).hasContent("mine");
  }

  private static List<String> names(Path out) throws IOException {
    try (Stream<Path> list = Files.list(out)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> lines(Path out) throws IOException {
    try (Stream<Path> list = Files.list(out)) {
      return list.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .flatMap(p -> {
            try {
              return Files.readAllLines(p, StandardCharsets.UTF_8).stream();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).toList();
    }
  }
}
