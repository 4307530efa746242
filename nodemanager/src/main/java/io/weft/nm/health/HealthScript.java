package io.weft.nm.health;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs the operator's health script once, with YARN's rules: a line of its standard output that
 * starts with {@code ERROR} (from a run that exits 0) makes the node unhealthy, with those lines as
 * the report; a run past the timeout is killed and makes the node unhealthy ("Node health script
 * timed out"); a non-zero exit without a timeout is not a verdict on the node (YARN ignores it, so
 * that a broken script cannot take a cluster down) and is only logged; a script that cannot be
 * started at all makes the node unhealthy with the reason.
 */
public final class HealthScript {
  private static final Logger LOG = LogManager.getLogger();
  static final String TIMED_OUT = "Node health script timed out";
  private static final int MAX_REPORT_CHARS = 2000;

  private final Path script;
  private final Duration timeout;
  private final Path scratch;
  private final Clock clock;

  /** {@code scratch}: a directory for the script's captured output. */
  public HealthScript(Path script, Duration timeout, Path scratch, Clock clock) {
    this.script = requireNonNull(script);
    this.timeout = requireNonNull(timeout);
    this.scratch = requireNonNull(scratch);
    this.clock = requireNonNull(clock);
  }

  public NodeHealth run() {
    Path output = null;
    try {
      Files.createDirectories(scratch);
      output = Files.createTempFile(scratch, "health-script-", ".out");
      Process process = new ProcessBuilder(script.toString()).redirectOutput(output.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(
              new java.io.File("/dev/null"))).start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        LOG.warn("health script {} ran longer than {} ms and was killed", script, timeout.toMillis());
        return NodeHealth.unhealthy(TIMED_OUT, clock.instant());
      }
      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        LOG.warn("health script {} exited {}; its exit status does not make the node unhealthy (only an ERROR "
            + "line or a timeout does)", script, process.exitValue());
        return NodeHealth.healthy(clock.instant());
      }
      String errors = lines.stream().filter(l -> l.startsWith("ERROR")).collect(Collectors.joining("\n"));
      if (errors.isEmpty()) {
        return NodeHealth.healthy(clock.instant());
      }
      return NodeHealth.unhealthy(errors.length() > MAX_REPORT_CHARS ? errors.substring(0, MAX_REPORT_CHARS) + "…"
          : errors, clock.instant());
    } catch (IOException e) {
      return NodeHealth.unhealthy("Node health script " + script + " could not be run: " + e.getMessage(),
          clock.instant());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NodeHealth.healthy(clock.instant());
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          LOG.debug("cannot delete {}: {}", output, e.getMessage());
        }
      }
    }
  }
}
