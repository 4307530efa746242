package io.weft.nm.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** One process as {@code /proc/<pid>/stat} describes it: its family, CPU time in ticks, and memory. */
record ProcessInfo(long pid, long ppid, long pgrp, long session, String name, long userTicks, long systemTicks,
    long vmemBytes, long rssPages) {

  /** Parses one {@code stat} line; empty when it is not one (a process that vanished mid-read). */
  static Optional<ProcessInfo> parse(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open || close + 2 > stat.length()) {
      return Optional.empty();
    }
    // The name (field 2) is in parentheses and may hold spaces; the fields after it split cleanly.
    String[] f = stat.substring(close + 2).trim().split(" ");
    if (f.length < 22) {
      return Optional.empty();
    }
    try {
      // f[0] is field 3 (state), so field n is f[n - 3].
      return Optional.of(new ProcessInfo(Long.parseLong(stat.substring(0, open).trim()), Long.parseLong(f[4 - 3]),
          Long.parseLong(f[5 - 3]), Long.parseLong(f[6 - 3]), stat.substring(open + 1, close),
          Long.parseLong(f[14 - 3]), Long.parseLong(f[15 - 3]), Long.parseLong(f[23 - 3]),
          Long.parseLong(f[24 - 3])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The full command line (arguments joined by spaces); the name when it cannot be read (kernel threads, exited). */
  String commandLine(Path procRoot) {
    try {
      byte[] raw = Files.readAllBytes(procRoot.resolve(Long.toString(pid)).resolve("cmdline"));
      String line = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
      return line.isEmpty() ? name : line;
    } catch (IOException e) {
      return name;
    }
  }
}
