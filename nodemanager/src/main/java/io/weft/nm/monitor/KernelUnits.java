package io.weft.nm.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's units in procfs: the page size ({@code rss} is in pages) and clock ticks per second
 * ({@code utime}/{@code stime} and {@code /proc/stat} are in ticks). Asked of {@code getconf} once.
 */
record KernelUnits(long pageSizeBytes, long ticksPerSecond) {
  private static final KernelUnits DEFAULTS = new KernelUnits(4096, 100);

  static KernelUnits ofThisHost() {
    return new KernelUnits(getconf("PAGESIZE", DEFAULTS.pageSizeBytes), getconf("CLK_TCK", DEFAULTS.ticksPerSecond));
  }

  private static long getconf(String name, long fallback) {
    try {
      Process p = new ProcessBuilder("getconf", name).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
        long value = Long.parseLong(out);
        return value > 0 ? value : fallback;
      }
    } catch (IOException | NumberFormatException e) {
      return fallback;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return fallback;
  }
}
