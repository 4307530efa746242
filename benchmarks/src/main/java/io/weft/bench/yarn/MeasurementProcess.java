package io.weft.bench.yarn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One measurement in a process of its own (a Weft benchmark JVM or the YARN harness's {@code run.sh}), so
 * that neither side's JVM, heap or leftovers weigh on the other. Its stdout and stderr go to files; its
 * figures are the result lines of its stdout. If this JVM is stopped, the process is stopped with it.
 */
final class MeasurementProcess {
  private MeasurementProcess() {}

  /** What one run left behind. */
  record Outcome(int exitCode, ResultLines figures, Path stdout, Path stderr) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  static Outcome run(String name, List<String> command, Path workDir, Map<String, String> environment, Path logDir) {
    Path stdout = logDir.resolve(name + ".out");
    Path stderr = logDir.resolve(name + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().putAll(environment);
    Process process;
    try {
      Files.createDirectories(logDir);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command) + "): "
          + e.getMessage(), e);
    }
    // SIGTERM, so that run.sh's trap and the JVMs' shutdown hooks stop what they started.
    Thread stopper = new Thread(process::destroy, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      int exit = process.waitFor();
      return new Outcome(exit, ResultLines.parse(lines(stdout)), stdout, stderr);
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + name + " ran", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + stdout + ": " + e.getMessage(), e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or about to; it stops the process.
      }
    }
  }

  /** A log's lines; bytes that are not UTF-8 become U+FFFD rather than failing the read. */
  static List<String> lines(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
  }

  /** The last {@code lines} lines of a log, to show why a measurement failed. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = lines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
