package io.weft.nm.health;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the node checks its health.
 *
 * @param script the operator's health script; empty = none
 * @param scriptInterval how often the script runs
 * @param scriptTimeout how long one run may take before it is killed and the node is unhealthy
 * @param diskInterval how often the local and log directories are checked
 * @param maxDiskUtilizationPercent a directory on a file system fuller than this is bad
 */
public record HealthCheckSettings(Optional<Path> script, Duration scriptInterval, Duration scriptTimeout,
    Duration diskInterval, int maxDiskUtilizationPercent) {
  public HealthCheckSettings {
    requireNonNull(script);
    requireNonNull(scriptInterval);
    requireNonNull(scriptTimeout);
    requireNonNull(diskInterval);
  }
}
