package io.weft.nm.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Process checks for tests. A zombie (exited, not yet reaped by init) counts as not running. */
public final class Processes {
  private Processes() {}

  public static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /** Every running descendant of {@code pid}. */
  public static List<ProcessHandle> descendants(long pid) {
    return ProcessHandle.of(pid).map(p -> p.descendants().filter(d -> isRunning(d.pid())).toList()).orElse(List.of());
  }
}
