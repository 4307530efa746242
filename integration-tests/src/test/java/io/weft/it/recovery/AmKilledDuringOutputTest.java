package io.weft.it.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.common.id.ApplicationId;
import io.weft.it.recovery.ProcessCluster.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attempt-safe output, end to end: the AM of a cluster-mode job is killed with kill -9 while its
 * tasks write the output; the application's second attempt runs the job again over what the first
 * left, and the output directory ends with exactly the job's parts and {@code _SUCCESS}.
 */
@Tag("recovery")
class AmKilledDuringOutputTest {
  @Test
  void kill9OfTheAmWhileItsOutputIsWritten_theSecondAttemptWritesTheWholeOutput_andNothingElse(
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir) throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(workDir.resolve("cluster"), 1, RmRestartTest.CONF).start()) {
      Path out = workDir.resolve("out");
      Set<String> before = Jobs.applicationIds(cluster);
      CompletableFuture<CliRun> submit = cluster.cliInBackground(Jobs.submit("cluster", "io.weft.examples.FaultDemo",
          "slow-output", "4000", out.toString()));
      ApplicationId app = Jobs.awaitNewApplication(cluster, before);
      await("a part file being written under " + out).atMost(Jobs.APP_TIMEOUT).pollInterval(Duration.ofMillis(100))
          .until(() -> partBeingWritten(out));
      Set<Long> am = cluster.containerPids().entrySet().stream()
          .filter(e -> Jobs.belongsTo(e.getKey(), app) && e.getKey().endsWith("_01_000001"))
          .flatMap(e -> e.getValue().stream()).collect(java.util.stream.Collectors.toSet());
      assertThat(am).as("processes of the first AM of %s", app).isNotEmpty();
      am.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));

      CliRun run = submit.get(Jobs.APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      ApplicationReport report = Jobs.report(cluster, app);
      assertThat(report.getFinalApplicationStatus()).as("%s: %s\n%s", app, report.getDiagnostics(), run)
          .isEqualTo(FinalApplicationStatus.SUCCEEDED);
      assertThat(report.getCurrentApplicationAttemptId().orElseThrow().attempt()).as("the attempt that finished")
          .isEqualTo(2);
      assertThat(names(out)).containsExactly("_SUCCESS", "part-00000", "part-00001", "part-00002", "part-00003");
      assertThat(Jobs.partLines(out)).containsExactlyElementsOf(
          IntStream.rangeClosed(1, 4000).mapToObj(String::valueOf).toList());
    }
  }

  /** True once a file named after a part exists anywhere under {@code out} (a task is writing it). */
  private static boolean partBeingWritten(Path out) throws IOException {
    if (!Files.isDirectory(out)) {
      return false;
    }
    try (Stream<Path> all = Files.walk(out)) {
      return all.anyMatch(p -> p.getFileName().toString().contains("part-"));
    } catch (java.io.UncheckedIOException e) {
      return false; // a file went away during the walk
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
