package io.weft.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Weft daemon as a process of its own, started by {@code bin/weft <args>} (which execs the JVM, so
 * the pid is the JVM's), its output in {@code <work>/<name>.log}.
 */
public record Daemon(String name, Process process, Path log) {
  public static Daemon start(String name, Path launcher, Path work, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(args);
    Path log = work.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("WEFT_OPTS", "-Dweft.log.level=WARN");
    return new Daemon(name, builder.start(), log);
  }

  public long pid() {
    return process.pid();
  }

  /** SIGTERM, then SIGKILL if it has not exited within 30 s. */
  public void stop() {
    process.destroy();
    await(30);
  }

  /** {@code kill -9}: the daemon gets no chance to clean up. */
  public void kill() {
    process.destroyForcibly();
    await(30);
  }

  private void await(int seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A port free on the loopback interface now. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
