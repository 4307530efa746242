package io.weft.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.function.Predicate;

/** CPU time of this JVM's threads by name: what one part of a process costs while others share the machine. */
final class ThreadCpu {
  private ThreadCpu() {}

  /** The CPU time so far of the live threads whose name {@code name} accepts, in nanoseconds. */
  static long nanos(Predicate<String> name) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && name.test(info.getThreadName())) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }
}
