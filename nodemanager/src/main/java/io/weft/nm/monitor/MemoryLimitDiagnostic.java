package io.weft.nm.monitor;

import io.weft.common.id.ContainerId;
import java.util.Locale;

/** YARN's words for a container killed over its physical memory, so users and tools recognise it. */
public final class MemoryLimitDiagnostic {
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

  private MemoryLimitDiagnostic() {}

  static String of(ContainerId id, long pid, long usedBytes, long limitBytes, String processTreeDump) {
    return "Container [pid=" + pid + ",containerID=" + id + "] is running beyond physical memory limits. "
        + "Current usage: " + bytes(usedBytes) + " of " + bytes(limitBytes) + " physical memory used. "
        + "Killing container.\nDump of the process-tree for " + id + " :\n" + processTreeDump;
  }

  /** Binary units as YARN prints them: {@code 512 MB}, {@code 3.1 GB} (one decimal unless exact). */
  public static String bytes(long n) {
    int unit = 0;
    while (unit < UNITS.length - 1 && n >= 1L << (10 * (unit + 1))) {
      unit++;
    }
    long scale = 1L << (10 * unit);
    if (n % scale == 0) {
      return n / scale + " " + UNITS[unit];
    }
    return String.format(Locale.ROOT, "%.1f %s", (double) n / scale, UNITS[unit]);
  }
}
