package io.weft.nm.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Starts launch scripts as leaders of their own process group ({@code setsid}, so pid = pgid) and
 * signals whole groups with {@code kill -SIG -- -pgid}.
 */
public final class ProcessGroups {
  private static final Logger LOG = LogManager.getLogger();
  /** Variables of the NM's own environment a container inherits; the rest comes from its script. */
  private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");

  private ProcessGroups() {}

  /** Starts {@code bash script} in the working dir, with the few variables of {@link #inheritedEnv()}. */
  public static Process start(Path script, ContainerDirs dirs) throws IOException {
    return start(List.of("bash", script.getFileName().toString()), dirs, inheritedEnv());
  }

  /**
   * Starts {@code command} under {@code setsid} in the working dir with exactly {@code env}, its stdout
   * and stderr to the log dir's files of those names and its stdin from /dev/null.
   */
  public static Process start(List<String> command, ContainerDirs dirs, Map<String, String> env) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add("setsid");
    argv.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(argv)
        .directory(dirs.workDir().toFile())
        .redirectOutput(dirs.logDir().resolve("stdout").toFile())
        .redirectError(dirs.logDir().resolve("stderr").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start();
  }

  /** The variables of the NodeManager's own environment a container inherits; the rest comes from its script. */
  public static Map<String, String> inheritedEnv() {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.keySet().retainAll(INHERITED_ENV);
    return env;
  }

  /**
   * Sends {@code signal} (e.g. {@code TERM}, {@code KILL}) to every process in group {@code pgid}.
   * Returns false when no process of the group is left.
   */
  public static boolean signal(long pgid, String signal) {
    if (pgid <= 1) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        return false;
      }
      return kill.exitValue() == 0;
    } catch (IOException e) {
      LOG.warn("cannot run kill -{} -- -{}: {}", signal, pgid, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
