package io.weft.nm.monitor;

import io.weft.common.resource.ResourceUtilization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole host's use, from {@code /proc/meminfo} (memory not available to new work, plus swap in
 * use for virtual memory) and {@code /proc/stat} (busy CPU since the previous sample). Not thread-safe:
 * the monitor's thread samples it.
 */
final class HostUsage {
  private final Path procRoot;
  private final CpuScale cpuScale;
  private long lastBusyTicks = -1;
  private long lastTotalTicks = -1;

  HostUsage(Path procRoot, CpuScale cpuScale) {
    this.procRoot = procRoot;
    this.cpuScale = cpuScale;
  }

  /** Nothing when procfs cannot be read (a host without it reports no use rather than failing). */
  ResourceUtilization sample() {
    try {
      List<String> meminfo = Files.readAllLines(procRoot.resolve("meminfo"));
      long totalKb = field(meminfo, "MemTotal:");
      long availableKb = field(meminfo, "MemAvailable:");
      long swapUsedKb = Math.max(0, field(meminfo, "SwapTotal:") - field(meminfo, "SwapFree:"));
      long pmemMb = Math.max(0, totalKb - availableKb) / 1024;
      return new ResourceUtilization(pmemMb, pmemMb + swapUsedKb / 1024, busyCores());
    } catch (IOException | RuntimeException e) {
      return ResourceUtilization.NONE;
    }
  }

  private float busyCores() throws IOException {
    String cpu = Files.readAllLines(procRoot.resolve("stat")).stream().filter(l -> l.startsWith("cpu "))
        .findFirst().orElseThrow(() -> new IOException("no cpu line in " + procRoot.resolve("stat")));
    String[] f = cpu.substring(4).trim().split("\\s+");
    long total = 0;
    for (int i = 0; i < Math.min(f.length, 8); i++) {
      total += Long.parseLong(f[i]);
    }
    // idle (4th) and iowait (5th) are not work.
    long busy = total - Long.parseLong(f[3]) - (f.length > 4 ? Long.parseLong(f[4]) : 0);
    float cores = 0f;
    if (lastTotalTicks >= 0 && total > lastTotalTicks) {
      cores = (float) (busy - lastBusyTicks) / (total - lastTotalTicks) * cpuScale.processors();
    }
    lastBusyTicks = busy;
    lastTotalTicks = total;
    return cpuScale.vcores(Math.max(0f, cores));
  }

  private static long field(List<String> meminfo, String name) {
    return meminfo.stream().filter(l -> l.startsWith(name)).findFirst()
        .map(l -> Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0]))
        .orElse(0L);
  }
}
