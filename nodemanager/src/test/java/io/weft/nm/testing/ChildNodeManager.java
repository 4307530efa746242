package io.weft.nm.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A NodeManager in a JVM of its own ({@code NodeManagerMain} on this JVM's class path), so a test
 * can kill it with SIGKILL or SIGTERM like an operator or a crash would. Output goes to a file.
 */
public final class ChildNodeManager implements AutoCloseable {
  private final Process process;
  private final Path output;

  private ChildNodeManager(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  public static ChildNodeManager start(Map<String, String> conf, Path output) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.weft.nm.NodeManagerMain"));
    conf.forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
    return new ChildNodeManager(process, output);
  }

  public long pid() {
    return process.pid();
  }

  /** A crash: SIGKILL, then waits until the JVM is gone. */
  public void kill9() {
    process.destroyForcibly();
    awaitExit();
  }

  /** An operator's stop: SIGTERM (the shutdown hook closes the NodeManager), then waits until the JVM is gone. */
  public int sigterm() {
    process.destroy();
    return awaitExit();
  }

  public int awaitExit() {
    await("NodeManager JVM " + process.pid() + " exits").atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive());
    return process.exitValue();
  }

  public String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
