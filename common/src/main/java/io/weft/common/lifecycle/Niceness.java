package io.weft.common.lifecycle;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class Niceness {
  public static final int MAX = 19;
  private static final Logger LOG = LogManager.getLogger();
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  /** Where util-linux puts renice; not looked up on the PATH, which the daemon's environment could point anywhere. */
  private static final List<Path> RENICE = List.of(Path.of("/usr/bin/renice"), Path.of("/bin/renice"));
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
      task = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
      now = ofCurrentThread();
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      return cannot(why, "this system does not show its threads in " + THREAD_SELF + " (" + e + ")");
    }
    if (now >= nice) {
      return true;
    }
    Path command = RENICE.stream().filter(Files::isExecutable).findFirst().orElse(null);
    if (command == null) {
      return cannot(why, "there is no renice at " + RENICE);
    }
    try {
      Process renice = new ProcessBuilder(command.toString(), "-n", Integer.toString(nice), "-p", task)
          .redirectErrorStream(true).start();
      if (!renice.waitFor(10, TimeUnit.SECONDS)) { // it says a line at most, which the pipe holds
        renice.destroyForcibly();
        return cannot(why, "renice did not finish within 10 s");
      }
      String said = new String(renice.getInputStream().readAllBytes(), UTF_8).strip();
      if (renice.exitValue() != 0 || ofCurrentThread() < nice) {
        return cannot(why, "renice -n " + nice + " -p " + task + " exited " + renice.exitValue() + ": " + said);
      }
      return true;
    } catch (IOException e) {
      return cannot(why, "cannot run renice: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
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
    String stat = Files.readString(task.resolve("stat"));
    // The command name (field 2) may hold spaces; the fields after it start with the state, field 3.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[19 - 3]);
  }

  private static boolean cannot(String why, String reason) {
    if (WARNED.compareAndSet(false, true)) {
      LOG.warn("cannot lower the CPU priority of {}: {}; they compete for the CPU as equals", why, reason);
    }
    return false;
  }
}
