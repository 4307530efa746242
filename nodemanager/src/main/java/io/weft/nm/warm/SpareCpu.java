package io.weft.nm.warm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the host has a core to spare since the last look, from {@code /proc/stat}'s CPU times: how a warm
 * JVM start (a burst of CPU) waits for containers that are still starting, not only for launches. Without
 * {@code /proc/stat} it always says yes.
 */
final class SpareCpu {
  private final int cores = Runtime.getRuntime().availableProcessors();
  private long lastIdle = -1;
  private long lastTotal = -1;

  /** True when at least one core's worth of CPU time went idle since the previous call (false on the first). */
  synchronized boolean sinceLastLook() {
    long[] times = read();
    if (times == null) {
      return true;
    }
    long idle = times[0];
    long total = times[1];
    boolean spare = lastTotal >= 0 && total > lastTotal
        && (double) (idle - lastIdle) / (total - lastTotal) * cores >= 1.0;
    lastIdle = idle;
    lastTotal = total;
    return spare;
  }

  /** {idle + iowait, all} jiffies of the host, or null when unreadable. */
  private static long[] read() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] fields = first.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        total += Long.parseLong(fields[i]);
      }
      return new long[] {Long.parseLong(fields[4]) + Long.parseLong(fields[5]), total};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
