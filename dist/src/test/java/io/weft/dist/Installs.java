package io.weft.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tarball as a user installs and runs it, for the tests tagged "tarball" (dist's pom runs them in
 * the integration-test phase, after the package phase made the tarball).
 */
final class Installs {
  private Installs() {}

  /** What a command printed (stdout and stderr together) and how it exited. */
  record Result(int exitCode, String output) {}

  /** Set by dist's pom; the fallback is for a run from an IDE. */
  static String version() {
    return System.getProperty("weft.version", "0.1.0-SNAPSHOT");
  }

  /** Unpacks the tarball into {@code dir}; returns the installation ({@code dir/weft-<version>}). */
  static Path unpack(Path dir) throws Exception {
    Path tarball = Path.of(System.getProperty("weft.tarball", "target/weft-" + version() + ".tar.gz"));
    assertThat(tarball).as("the tarball, made by ./mvnw package (run this test through ./mvnw verify)").isRegularFile();
    Files.createDirectories(dir);
    Result untar = run(List.of("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", dir.toString()), dir,
        Map.of(), Duration.ofSeconds(60));
    assertThat(untar.exitCode()).as(untar.output()).isZero();
    return dir.resolve("weft-" + version());
  }

  /**
   * Runs {@code command} in {@code dir} with nothing of this JVM's Weft environment, only {@code env};
   * kills it (by pid) and fails when it has not ended within {@code timeout}.
   */
  static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout) throws Exception {
    Path output = Files.createTempFile("weft-run", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(output.toFile());
      Map<String, String> environment = builder.environment();
      environment.keySet().removeIf(name -> name.startsWith("WEFT_"));
      environment.putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(command + " did not end within " + timeout + "; output:\n" + read(output));
      }
      return new Result(process.exitValue(), read(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
