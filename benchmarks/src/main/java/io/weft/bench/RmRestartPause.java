package io.weft.bench;

import io.weft.bench.yarn.ResultLines;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * What a running job sees of a work-preserving RM restart. The RM and two NMs run as processes of
 * their own ({@code bin/weft}); a client-mode driver in this JVM runs a job of many short tasks on
 * two executors, each task writing the time it finished to a file. Once a quarter of the tasks are
 * done the RM is killed with {@code kill -9} and started again on the same store. Figures per run:
 * the RM's start time (process start until it prints that it listens, recovery included) and the
 * pause the job saw: the first task finish after the kill minus the last one before it (the typical
 * gap between two finishes is printed beside it). The job must still succeed.
 *
 * <p>Usage: {@code RmRestartPause [--runs 3] [--tasks 400] [--task-ms 50] [--work DIR]}; run from the
 * repository root after a build (it uses {@code bin/weft} and the benchmarks jar).
 */
public final class RmRestartPause {
  private static final String PREFIX = "rm_restart";

  private RmRestartPause() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    List<Double> pauses = new ArrayList<>();
    List<Double> starts = new ArrayList<>();
    List<Double> gaps = new ArrayList<>();
    for (int run = 1; run <= o.runs(); run++) {
      Path work = Files.createDirectories(o.work().resolve("run-" + run));
      Result r = runOnce(o, work);
      System.out.printf("# run %d: RM start %.0f ms, pause %.0f ms (typical gap %.0f ms)%n", run, r.rmStartMs(),
          r.pauseMs(), r.typicalGapMs());
      pauses.add(r.pauseMs());
      starts.add(r.rmStartMs());
      gaps.add(r.typicalGapMs());
    }
    Stats.emit(PREFIX + ".rm_start_ms", starts, "ms");
    Stats.emit(PREFIX + ".job_pause_ms", pauses, "ms");
    Stats.emit(PREFIX + ".typical_task_gap_ms", gaps, "ms");
    System.exit(0);
  }

  record Result(double rmStartMs, double pauseMs, double typicalGapMs) {}

  private static Result runOnce(Options o, Path work) throws Exception {
    Path launcher = Path.of("bin/weft").toAbsolutePath();
    int rmPort = Daemon.freePort();
    List<String> rmArgs = List.of("resourcemanager", "--conf", "weft.resourcemanager.address=127.0.0.1:" + rmPort,
        "--conf", "weft.resourcemanager.webapp.address=127.0.0.1:0",
        "--conf", "weft.resourcemanager.staging-dir=" + work.resolve("rm-staging"),
        "--conf", "weft.resourcemanager.store.dir=" + work.resolve("rm-state"));
    List<Daemon> daemons = new ArrayList<>();
    Path ticks = work.resolve("ticks.txt");
    Files.deleteIfExists(ticks);
    Files.createFile(ticks);
    try {
      daemons.add(Daemon.start("rm", launcher, work, rmArgs));
      for (int i = 1; i <= 2; i++) {
        Path dir = work.resolve("nm" + i);
        daemons.add(Daemon.start("nm" + i, launcher, work, List.of("nodemanager",
            "--conf", "weft.resourcemanager.address=127.0.0.1:" + rmPort,
            "--conf", "weft.nodemanager.address=127.0.0.1:" + Daemon.freePort(),
            "--conf", "weft.nodemanager.webapp.address=127.0.0.1:0",
            "--conf", "weft.nodemanager.local-dirs=" + dir.resolve("local"),
            "--conf", "weft.nodemanager.log-dirs=" + dir.resolve("logs"),
            "--conf", "weft.nodemanager.recovery.dir=" + dir.resolve("recovery"))));
      }
      WeftConf conf = new WeftConf(false).setMaster("weft://127.0.0.1:" + rmPort).setAppName("RmRestartPause")
          .set("weft.jars", benchmarksJar().toString()).set("weft.executor.instances", "2")
          .set("weft.executor.memory", "256m");
      String tickFile = ticks.toString();
      int taskMs = o.taskMs();
      CompletableFuture<Void> job = CompletableFuture.runAsync(() -> {
        try (WeftContext context = new WeftContext(conf)) {
          context.parallelize(IntStream.range(0, o.tasks()).boxed().toList(), o.tasks()).foreach(i -> tick(tickFile,
              taskMs));
        }
      });
      awaitLines(ticks, o.tasks() / 4, job);
      long killedAt = System.currentTimeMillis();
      daemons.get(0).kill();
      long restartedAt = System.nanoTime();
      daemons.set(0, Daemon.start("rm", launcher, work, rmArgs));
      awaitListening(daemons.get(0), 2);
      double rmStartMs = (System.nanoTime() - restartedAt) / 1e6;
      job.get();
      List<Long> finishes = Files.readAllLines(ticks).stream().filter(l -> !l.isBlank()).map(Long::parseLong)
          .sorted().toList();
      if (finishes.size() != o.tasks()) {
        throw new IllegalStateException(finishes.size() + " task finishes recorded, expected " + o.tasks());
      }
      long before = finishes.stream().filter(t -> t <= killedAt).reduce((a, b) -> b).orElse(killedAt);
      long after = finishes.stream().filter(t -> t > killedAt).findFirst().orElse(killedAt);
      List<Long> gaps = new ArrayList<>();
      for (int i = 1; i < finishes.size(); i++) {
        gaps.add(finishes.get(i) - finishes.get(i - 1));
      }
      gaps.sort(null);
      return new Result(rmStartMs, after - before, gaps.get(gaps.size() / 2));
    } finally {
      for (int i = daemons.size() - 1; i >= 0; i--) {
        daemons.get(i).stop();
      }
    }
  }

  /** One task: its work is to take {@code taskMs} (a sleep, so the benchmark's own CPU stays out of the figure). */
  static void tick(String file, int taskMs) {
    try {
      Thread.sleep(taskMs);
      Files.writeString(Path.of(file), System.currentTimeMillis() + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code file} has {@code lines} lines; fails if the job ends first. */
  private static void awaitLines(Path file, int lines, CompletableFuture<Void> job) throws Exception {
    FileEvents.awaitInDirectory(file.getParent(), () -> {
      if (job.isDone()) {
        throw new IllegalStateException("the job ended before " + lines + " tasks finished: " + job);
      }
      return Files.readAllLines(file).size() >= lines;
    }, java.time.Duration.ofMinutes(5), lines + " task finishes");
  }

  /** Waits for the daemon's log to say it listens for the {@code n}-th time (it is appended to across starts). */
  private static void awaitListening(Daemon rm, int n) throws Exception {
    FileEvents.awaitInDirectory(rm.log().getParent(), () -> {
      if (!rm.process().isAlive()) {
        throw new IllegalStateException("the RM exited with " + rm.process().exitValue() + "; see " + rm.log());
      }
      return Files.readAllLines(rm.log()).stream().filter(l -> l.contains("ResourceManager listening on")).count()
          >= n;
    }, java.time.Duration.ofMinutes(2), "the restarted ResourceManager listening");
  }

  private static Path benchmarksJar() throws IOException {
    try (var files = Files.list(Path.of("benchmarks/target"))) {
      return files.filter(p -> p.getFileName().toString().matches("weft-benchmarks-.*\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("build the benchmarks first: bin/bench-restart.sh does"))
          .toAbsolutePath();
    }
  }

  record Options(int runs, int tasks, int taskMs, Path work) {
    static Options parse(String[] a) {
      java.util.Map<String, String> o = new java.util.HashMap<>();
      for (int i = 0; i + 1 < a.length; i += 2) {
        o.put(a[i].replaceFirst("^--", ""), a[i + 1]);
      }
      return new Options(Integer.parseInt(o.getOrDefault("runs", "3")), Integer.parseInt(o.getOrDefault("tasks",
          "400")), Integer.parseInt(o.getOrDefault("task-ms", "50")),
          Path.of(o.getOrDefault("work", "benchmarks/target/rm-restart-work")).toAbsolutePath());
    }
  }
}
