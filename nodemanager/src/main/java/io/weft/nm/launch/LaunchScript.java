package io.weft.nm.launch;

import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code launch_container.sh} a container runs: exports its environment, runs the command as
 * its child, then writes the command's exit code to {@link ExitCodeFile} (atomically) and exits
 * with it. The script stays the process-group leader; it does not {@code exec}, so the exit code
 * reaches the disk even when no NodeManager is alive to see the process end (YARN does the same).
 * It outlives a SIGTERM to the group until the command has ended, so its pid lives exactly as long
 * as the command and its exit code is the command's.
 */
public final class LaunchScript {
  public static final String FILE_NAME = "launch_container.sh";
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private LaunchScript() {}

  /** The script's text; values and argv are taken literally (no shell expansion). */
  public static String render(Map<String, String> env, List<String> command, Path exitCodeFile) {
    return render(env, command, exitCodeFile, List.of());
  }

  /**
   * The script's text, which first moves itself (so every process it starts) into the cgroups whose
   * {@code cgroup.procs} files are given, and fails rather than run outside its limits.
   */
  public static String render(Map<String, String> env, List<String> command, Path exitCodeFile,
      List<Path> cgroupProcs) {
    StringBuilder sb = new StringBuilder("#!/bin/bash\n").append(joinCgroups(cgroupProcs));
    env.forEach((name, value) -> {
      if (!ENV_NAME.matcher(name).matches()) {
        throw WeftException.invalidArgument("environment variable name '" + name + "' is not a valid shell name");
      }
      sb.append("export ").append(name).append('=').append(quote(value)).append('\n');
    });
    // A handler, not an ignore: the command (exec'd with default dispositions) still gets the group's
    // SIGTERM, while this script waits for it to end and records its real code, as exec'ing it did.
    sb.append("trap : TERM\n");
    String separator = "";
    for (String arg : command) {
      sb.append(separator).append(quote(arg));
      separator = " ";
    }
    // command -p: the standard PATH, whatever PATH the container's environment set.
    String file = quote(exitCodeFile.toString());
    String tmp = quote(exitCodeFile + ".tmp");
    return sb.append('\n')
        .append("rc=$?\n")
        .append("printf '%s\\n' \"$rc\" > ").append(tmp).append(" && command -p mv -f ").append(tmp).append(' ').append(file)
        .append('\n')
        .append("exit \"$rc\"\n")
        .toString();
  }

  /**
   * Shell lines that move the running shell (so every process it starts) into the cgroups whose
   * {@code cgroup.procs} files are given, exiting with 1 rather than run outside its limits.
   */
  public static String joinCgroups(List<Path> cgroupProcs) {
    StringBuilder sb = new StringBuilder();
    for (Path procs : cgroupProcs) {
      String file = quote(procs.toString());
      sb.append("echo $$ > ").append(file).append(" || { echo \"cannot join the container's cgroup: \"")
          .append(file).append(" >&2; exit 1; }\n");
    }
    return sb.toString();
  }

  /** Writes the script into {@code workDir} and returns its path. */
  public static Path write(Path workDir, Map<String, String> env, List<String> command) throws IOException {
    return write(workDir, env, command, List.of());
  }

  /** Writes the script, which joins the given cgroups first, into {@code workDir} and returns its path. */
  public static Path write(Path workDir, Map<String, String> env, List<String> command, List<Path> cgroupProcs)
      throws IOException {
    Path script = workDir.resolve(FILE_NAME);
    Files.writeString(script, render(env, command, ExitCodeFile.in(workDir), cgroupProcs), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  /** Single-quotes {@code s} for bash: every {@code '} becomes {@code '\''}. */
  public static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
