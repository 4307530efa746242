package io.weft.it.chaos;

import io.weft.it.recovery.ProcessCluster;
import io.weft.it.recovery.ProcessCluster.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code weft <args>} in a JVM of its own, as a user's shell runs it: a client-mode driver lives in
 * its client's JVM and sets system properties there, so two of them cannot share the test's JVM.
 * Its stdout and stderr go to files next to each other in {@code dir}.
 */
final class ClientJvm {
  private ClientJvm() {}

  /** Starts the client; the future completes with its exit code and output once the process ends. */
  static Started start(ProcessCluster cluster, Map<String, String> conf, Path dir, String name, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true"));
    command.add("-Dweft.resourcemanager.address=" + cluster.rmAddress());
    conf.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.weft.client.cli.WeftCli"));
    command.addAll(List.of(args));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().remove("WEFT_HOME");
    builder.environment().remove("WEFT_CONF_DIR");
    builder.environment().remove("WEFT_OPTS");
    try {
      Process process = builder.start();
      CompletableFuture<CliRun> run = process.onExit().thenApply(p -> new CliRun(p.exitValue(), read(out), read(err)));
      return new Started(process.toHandle(), run);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the client " + command, e);
    }
  }

  record Started(ProcessHandle process, CompletableFuture<CliRun> run) {}

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
