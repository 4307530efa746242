package io.weft.common.lifecycle;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The Linux niceness of the calling thread. Java has no call for it, but on Linux a thread is a task
 * with an id of its own ({@code /proc/thread-self} names it), and {@code renice} sets a task's
 * niceness by that id. A thread at a higher niceness gets, while threads at a lower one want the CPU,
 * only what they leave, and all of it when they do not: work that must not slow the rest down (the
 * RM's REST and console handlers) runs as fast as ever on an idle machine and yields on a busy one.
 *
 * <p>Below every niceness is the {@code SCHED_IDLE} policy ({@code chrt -i}): a thread of any other
 * policy that wakes takes the CPU from it at once. At niceness 19 alone the kernel's fair scheduler
 * (EEVDF) lets the running thread finish the slice it was given first, so each wake-up of a busy
 * thread could wait a slice behind a reader.
 */
public final class Niceness {
  public static final int MAX = 19;
  private static final Logger LOG = LogManager.getLogger();
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  /** Where util-linux puts renice; not looked up on the PATH, which the daemon's environment could point anywhere. */
  private static final List<Path> RENICE = List.of(Path.of("/usr/bin/renice"), Path.of("/bin/renice"));
  private static final List<Path> CHRT = List.of(Path.of("/usr/bin/chrt"), Path.of("/bin/chrt"));
  /** Linux's number for the policy, as {@code /proc/<task>/stat} shows it (field 41). */
  private static final int SCHED_IDLE = 5;
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private Niceness() {}

  /**
   * Raises the calling thread's niceness to {@code nice} (0..19; one at or above it already is left as it is).
   * Where that cannot be done (not Linux, no {@code renice}) it logs why, once per process, and returns false.
   */
  public static boolean raiseCurrentThreadTo(int nice, String why) {
    requireValid(nice);
    String task;
    int now;
    try {
      task = currentTask();
      now = ofCurrentThread();
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      return cannot(why, "this system does not show its threads in " + THREAD_SELF + " (" + e + ")");
    }
    if (now >= nice) {
      return true;
    }
    return run(RENICE, List.of("-n", Integer.toString(nice), "-p", task), why, () -> ofCurrentThread() >= nice);
  }

  /**
   * Puts the calling thread under the {@code SCHED_IDLE} policy, below every niceness. Where that cannot be done
   * (not Linux, no {@code chrt}) it logs why, once per process, and returns false.
   */
  public static boolean idleCurrentThread(String why) {
    String task;
    try {
      task = currentTask();
      if (currentThreadIdle()) {
        return true;
      }
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      return cannot(why, "this system does not show its threads in " + THREAD_SELF + " (" + e + ")");
    }
    return run(CHRT, List.of("-i", "-p", "0", task), why, Niceness::currentThreadIdle);
  }

  /** Whether the calling thread runs under {@code SCHED_IDLE}. */
  public static boolean currentThreadIdle() throws IOException {
    return idle(THREAD_SELF);
  }

  /** Whether the task (thread) whose {@code /proc} directory is {@code task} runs under {@code SCHED_IDLE}. */
  public static boolean idle(Path task) throws IOException {
    return Integer.parseInt(statField(task, 41)) == SCHED_IDLE;
  }

  private static String currentTask() throws IOException {
    return Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
  }

  /** Runs the first of {@code tool} that exists with {@code args}; true when it succeeded and {@code done} agrees. */
  private static boolean run(List<Path> tool, List<String> args, String why, Check done) {
    Path command = tool.stream().filter(Files::isExecutable).findFirst().orElse(null);
    if (command == null) {
      return cannot(why, "there is no " + tool.get(0).getFileName() + " at " + tool);
    }
    String line = command.getFileName() + " " + String.join(" ", args);
    try {
      List<String> argv = new ArrayList<>(List.of(command.toString()));
      argv.addAll(args);
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) { // it says a line at most, which the pipe holds
        process.destroyForcibly();
        return cannot(why, line + " did not finish within 10 s");
      }
      String said = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
      if (process.exitValue() != 0 || !done.holds()) {
        return cannot(why, line + " exited " + process.exitValue() + ": " + said);
      }
      return true;
    } catch (IOException e) {
      return cannot(why, "cannot run " + line + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws IOException;
  }

  /** Refuses a niceness outside 0..19 with a message that names it. */
  public static void requireValid(int nice) {
    if (nice < 0 || nice > MAX) {
      throw new IllegalArgumentException("niceness " + nice + " is outside 0.." + MAX);
    }
  }

  /** The calling thread's niceness. */
  public static int ofCurrentThread() throws IOException {
    return of(THREAD_SELF);
  }

  /** The niceness of the task (thread) whose {@code /proc} directory is {@code task}: field 19 of its stat. */
  public static int of(Path task) throws IOException {
    return Integer.parseInt(statField(task, 19));
  }

  /** Field {@code n} (counted from 1, as proc(5) does) of the task's stat. */
  private static String statField(Path task, int n) throws IOException {
    String stat = Files.readString(task.resolve("stat"));
    // The command name (field 2) may hold spaces; the fields after it start with the state, field 3.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return fields[n - 3];
  }

  private static boolean cannot(String why, String reason) {
    if (WARNED.compareAndSet(false, true)) {
      LOG.warn("cannot lower the CPU priority of {}: {}; they run above the priority asked for", why, reason);
    }
    return false;
  }
}
