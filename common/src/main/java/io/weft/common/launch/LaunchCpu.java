package io.weft.common.launch;

import java.time.Duration;
import java.util.Locale;

/**
 * The CPU time this container's JVM has used since its launch: since its claim in a warm JVM, since the
 * JVM's start in a cold one. Weft's containers put it in the log line that marks their start-up done (an AM
 * registered with the ResourceManager, an executor with its driver), where the start-up benchmark reads it:
 * unlike wall time, a JVM's own CPU seconds are not inflated by other work on a shared machine, and they are
 * what warm JVMs exist to save.
 */
public final class LaunchCpu {
  /** Process CPU when a warm JVM was claimed; -1 in a cold JVM (its launch is the JVM's start). */
  private static volatile long cpuAtClaimNanos = -1;

  private LaunchCpu() {}

  /** Called once by a warm JVM as it is claimed, before the container's main. */
  public static void claimed() {
    cpuAtClaimNanos = processCpu().toNanos();
  }

  /** Whether this JVM was started ahead of need and claimed by its container. */
  public static boolean warm() {
    return cpuAtClaimNanos >= 0;
  }

  /** User and system CPU since the launch; zero where the platform does not report a process's CPU. */
  public static Duration sinceLaunch() {
    long atClaim = cpuAtClaimNanos;
    return processCpu().minusNanos(Math.max(atClaim, 0));
  }

  /** For a log line: {@code "412 ms of CPU since its warm claim"} or {@code "... since its JVM start"}. */
  public static String describe() {
    return String.format(Locale.ROOT, "%d ms of CPU since its %s", sinceLaunch().toMillis(),
        warm() ? "warm claim" : "JVM start");
  }

  private static Duration processCpu() {
    return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
  }
}
