package io.weft.nm.warm;

import io.weft.common.launch.warm.WarmJvm;
import io.weft.nm.launch.ExitCodeFile;
import io.weft.nm.launch.LaunchScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The launch script of a warm JVM, the counterpart of {@link LaunchScript}: it makes the JVM's claim
 * channel, runs the JVM as its child, then writes the exit code file and exits with the JVM's code. It
 * exports nothing (the container's environment is handed over later) and names every file relative to
 * its working directory, which is renamed to the container's when one claims the JVM: the exit code
 * lands where the NodeManager, or a restarted one, reads a cold container's.
 */
final class WarmScript {
  private WarmScript() {}

  static String render(List<String> command) {
    StringBuilder sb = new StringBuilder("#!/bin/bash\n")
        .append("command -p mkfifo -m 600 ").append(LaunchScript.quote(WarmJvm.CLAIM_CHANNEL)).append(" || exit 1\n")
        .append("trap : TERM\n");
    String separator = "";
    for (String arg : command) {
      sb.append(separator).append(LaunchScript.quote(arg));
      separator = " ";
    }
    String file = LaunchScript.quote(ExitCodeFile.NAME);
    String tmp = LaunchScript.quote(ExitCodeFile.NAME + ".tmp");
    return sb.append('\n')
        .append("rc=$?\n")
        .append("printf '%s\\n' \"$rc\" > ").append(tmp).append(" && command -p mv -f ").append(tmp).append(' ')
        .append(file).append('\n')
        .append("exit \"$rc\"\n")
        .toString();
  }

  static Path write(Path workDir, List<String> command) throws IOException {
    Path script = workDir.resolve(WarmJvmPool.SCRIPT);
    Files.writeString(script, render(command), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
