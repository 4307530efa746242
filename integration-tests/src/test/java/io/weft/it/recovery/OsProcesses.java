package io.weft.it.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What {@link ProcessCluster} asks of the OS: signals by pid, working dirs, growing log files. */
final class OsProcesses {
  private OsProcesses() {}

  /** Sends SIGKILL ({@code forcibly}) or SIGTERM and returns once the process is gone. */
  static void kill(Process process, boolean forcibly, Duration wait) {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException("the daemon is not running");
    }
    if (forcibly) {
      process.destroyForcibly(); // SIGKILL on Linux
    } else {
      process.destroy(); // SIGTERM
    }
    try {
      if (!process.waitFor(wait.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("pid " + process.pid() + " did not exit within " + wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code kill -<signal> <pid>}: STOP, CONT, ... */
  static void signal(Process process, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The working dir of a live process (Linux {@code /proc}), if it can be read. */
  static Optional<Path> cwd(ProcessHandle process) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of {@code file} from byte {@code offset} on; empty when the file does not exist. */
  static String readFrom(Path file, long offset) {
    if (!Files.exists(file)) {
      return "";
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      int from = (int) Math.min(offset, bytes.length);
      return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
