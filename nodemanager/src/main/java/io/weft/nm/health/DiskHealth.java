package io.weft.nm.health;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the NM's local and log directories: each must be a writable directory (a file is created
 * and deleted in it) on a file system no fuller than the utilization limit. The NM uses one
 * directory of each kind, so one bad directory makes the node unhealthy (YARN's
 * min-healthy-disks rule with a single disk); the report names it and why.
 */
public final class DiskHealth {
  private final List<Path> localDirs;
  private final List<Path> logDirs;
  private final int maxUtilizationPercent;
  private final Clock clock;

  public DiskHealth(List<Path> localDirs, List<Path> logDirs, int maxUtilizationPercent, Clock clock) {
    this.localDirs = List.copyOf(localDirs);
    this.logDirs = List.copyOf(logDirs);
    this.maxUtilizationPercent = maxUtilizationPercent;
    this.clock = requireNonNull(clock);
  }

  public NodeHealth check() {
    List<String> problems = new ArrayList<>();
    describe("local-dirs", localDirs, problems);
    describe("log-dirs", logDirs, problems);
    return problems.isEmpty() ? NodeHealth.healthy(clock.instant())
        : NodeHealth.unhealthy(String.join("; ", problems), clock.instant());
  }

  private void describe(String kind, List<Path> dirs, List<String> problems) {
    List<String> bad = new ArrayList<>();
    for (Path dir : dirs) {
      String problem = problem(dir);
      if (problem != null) {
        bad.add(dir + " : " + problem);
      }
    }
    if (!bad.isEmpty()) {
      problems.add(bad.size() + "/" + dirs.size() + " " + kind + " are bad: [ " + String.join(", ", bad) + " ]");
    }
  }

  /** What is wrong with {@code dir}, or null. */
  private String problem(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Files.exists(dir) ? "not a directory" : "does not exist";
    }
    try {
      Path probe = Files.createTempFile(dir, ".weft-disk-check-", "");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      return "not writable (" + e.getMessage() + ")";
    }
    try {
      FileStore store = Files.getFileStore(dir);
      long total = store.getTotalSpace();
      if (total <= 0) {
        return null;
      }
      double used = 100.0 * (total - store.getUsableSpace()) / total;
      if (used > maxUtilizationPercent) {
        return String.format(java.util.Locale.ROOT, "used space %.1f%% is above the threshold of %d%%", used,
            maxUtilizationPercent);
      }
    } catch (IOException e) {
      return "cannot read its file system's usage (" + e.getMessage() + ")";
    }
    return null;
  }
}
