package io.weft.nm.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code /proc/<pid>/stat} says of a live process: its process group and its start time in
 * clock ticks since boot. A pid alone does not identify a process across a NodeManager restart
 * (pids are reused); pid plus start time does.
 */
public record ProcessStat(long pid, long pgid, long startTicks) {

  /** The process, when it exists and is not a zombie (exited, waiting to be reaped). */
  public static Optional<ProcessStat> of(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return Optional.empty();
    }
    // The command name (field 2) is in parentheses and may hold spaces; fields after it split cleanly.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 (state), so field n is fields[n - 3].
    String state = fields[0];
    if (state.equals("Z") || state.equals("X")) {
      return Optional.empty();
    }
    return Optional.of(new ProcessStat(pid, Long.parseLong(fields[5 - 3]), Long.parseLong(fields[22 - 3])));
  }

  /** True when {@code pid} is alive and is the process that started at {@code startTicks}. */
  public static boolean isSameProcess(long pid, long startTicks) {
    return of(pid).filter(s -> s.startTicks() == startTicks).isPresent();
  }
}
