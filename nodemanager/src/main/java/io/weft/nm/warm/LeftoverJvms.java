package io.weft.nm.warm;

import io.weft.nm.launch.ProcessGroups;
import io.weft.nm.launch.ProcessStat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Idle warm JVMs a previous NodeManager left: processes whose working directory is still under the
 * pool's directory (a claimed one's was renamed away into its container's, so it is never touched).
 * Their process groups are killed: a new NodeManager does not adopt JVMs it did not start.
 */
final class LeftoverJvms {
  private static final Logger LOG = LogManager.getLogger();

  private LeftoverJvms() {}

  static void kill(Path poolDir) {
    Set<Long> groups = new LinkedHashSet<>();
    String prefix = poolDir.toAbsolutePath() + "/";
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
        p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path proc : procs) {
        try {
          String cwd = Files.readSymbolicLink(proc.resolve("cwd")).toString();
          if (cwd.startsWith(prefix)) {
            ProcessStat.of(Long.parseLong(proc.getFileName().toString())).ifPresent(s -> groups.add(s.pgid()));
          }
        } catch (IOException | UnsupportedOperationException e) {
          // Gone, or not ours to read.
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot look for warm JVMs a previous NodeManager left: {}", e.toString());
      return;
    }
    long self = ProcessHandle.current().pid();
    for (long group : groups) {
      if (group > 1 && group != self) {
        LOG.info("killing process group {}, an idle warm JVM a previous NodeManager left", group);
        ProcessGroups.signal(group, "KILL");
      }
    }
  }
}
