package io.weft.nm.recovery;

import io.weft.nm.launch.ProcessGroups;
import io.weft.nm.launch.ProcessStat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Process groups under this node's container work dirs that no recovered container owns: left by
 * a NodeManager that died between starting a process and recording it, or by a store that was
 * deleted. Nothing would ever stop them, so they are killed (YARN does the same). Found by
 * scanning {@code /proc/<pid>/cwd}.
 */
public final class Orphans {
  private static final Logger LOG = LogManager.getLogger();

  private Orphans() {}

  /** Kills every process group with a process whose cwd is under {@code workRoot}, except {@code known} groups. */
  public static Set<Long> kill(Path workRoot, Set<Long> known) {
    Set<Long> groups = find(workRoot, known);
    for (long pgid : groups) {
      LOG.info("killing process group {}: it runs under {} but no recovered container owns it", pgid, workRoot);
      ProcessGroups.signal(pgid, "KILL");
    }
    return groups;
  }

  static Set<Long> find(Path workRoot, Set<Long> known) {
    Set<Long> groups = new TreeSet<>();
    Path root = workRoot.toAbsolutePath().normalize();
    long self = ProcessHandle.current().pid();
    long ownGroup = ProcessStat.of(self).map(ProcessStat::pgid).orElse(-1L);
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isNumber(p.getFileName()))) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid == self || !cwdUnder(proc, root)) {
          continue;
        }
        ProcessStat.of(pid).map(ProcessStat::pgid)
            .filter(pgid -> pgid > 1 && pgid != ownGroup && !known.contains(pgid))
            .ifPresent(groups::add);
      }
    } catch (IOException e) {
      LOG.warn("cannot scan /proc for processes under {}: {}", root, e.toString());
    }
    return groups;
  }

  private static boolean cwdUnder(Path proc, Path root) {
    try {
      return Files.readSymbolicLink(proc.resolve("cwd")).startsWith(root);
    } catch (IOException | SecurityException e) {
      // Gone meanwhile, or another user's process: not ours.
      return false;
    }
  }

  private static boolean isNumber(Path name) {
    String s = name.toString();
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }
}
