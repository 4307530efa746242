package io.weft.bench.yarn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A process's memory the way the harness samples it: VmRSS and VmHWM from {@code /proc/<pid>/status}, and the
 * live Java heap after a full GC ({@code jcmd <pid> GC.run}, then the "used" figure of {@code GC.heap_info}).
 */
final class Footprints {
  private Footprints() {}

  /** VmRSS in MiB, -1 when the process is gone. */
  static long rssMib(long pid) {
    return mib(statusKb(pid, "VmRSS"));
  }

  /** VmHWM (peak RSS) in MiB, -1 when the process is gone. */
  static long peakRssMib(long pid) {
    return mib(statusKb(pid, "VmHWM"));
  }

  private static long mib(long kb) {
    return kb < 0 ? -1 : kb / 1024;
  }

  private static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).strip().split("\\s+")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** Live heap in MiB after a full GC of {@code pid}; -1 when jcmd cannot tell. */
  static long heapAfterFullGcMib(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    return heapUsedMib(jcmd(pid, "GC.heap_info"));
  }

  /** The "used" figure of the heap's total line (G1: {@code garbage-first heap   total 262144K, used 30012K}). */
  static long heapUsedMib(String heapInfo) {
    for (String line : heapInfo.split("\n")) {
      int used = line.indexOf(" used ");
      if (line.contains("total") && used > 0) {
        String digits = line.substring(used + " used ".length()).strip().split("[^0-9]")[0];
        return digits.isEmpty() ? -1 : Long.parseLong(digits) / 1024;
      }
    }
    return -1;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out;
  }
}
