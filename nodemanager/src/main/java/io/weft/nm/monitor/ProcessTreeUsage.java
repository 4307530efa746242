package io.weft.nm.monitor;

import java.nio.file.Path;
import java.util.List;

/** What one container's processes use together: resident and virtual memory, and CPU time so far. */
record ProcessTreeUsage(long rootPid, List<ProcessInfo> processes, long rssBytes, long vmemBytes, long cpuTicks) {
  ProcessTreeUsage {
    processes = List.copyOf(processes);
  }

  static ProcessTreeUsage of(long rootPid, List<ProcessInfo> processes, KernelUnits units) {
    long rss = 0;
    long vmem = 0;
    long cpu = 0;
    for (ProcessInfo p : processes) {
      rss += p.rssPages() * units.pageSizeBytes();
      vmem += p.vmemBytes();
      cpu += p.userTicks() + p.systemTicks();
    }
    return new ProcessTreeUsage(rootPid, processes, rss, vmem, cpu);
  }

  /** YARN's process-tree dump, one line per process, so a user sees which process held the memory. */
  String dump(Path procRoot, KernelUnits units) {
    StringBuilder out = new StringBuilder("\t|- PID PPID PGRPID SESSID CMD_NAME USER_MODE_TIME(MILLIS) "
        + "SYSTEM_TIME(MILLIS) VMEM_USAGE(BYTES) RSSMEM_USAGE(PAGES) FULL_CMD_LINE\n");
    long millisPerTick = 1000 / units.ticksPerSecond();
    for (ProcessInfo p : processes) {
      out.append("\t|- ").append(p.pid()).append(' ').append(p.ppid()).append(' ').append(p.pgrp()).append(' ')
          .append(p.session()).append(" (").append(p.name()).append(") ").append(p.userTicks() * millisPerTick)
          .append(' ').append(p.systemTicks() * millisPerTick).append(' ').append(p.vmemBytes()).append(' ')
          .append(p.rssPages()).append(' ').append(p.commandLine(procRoot)).append('\n');
    }
    return out.toString();
  }
}
