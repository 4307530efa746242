package io.weft.it.chaos;

import io.weft.it.recovery.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every container process seen during a run (by handle, so a reused pid is not mistaken for it)
 * and the process group each led or belonged to: an NM starts each container in a session of its
 * own, so anything of a container that survives, even a child that left the container's dir, is
 * still in its group.
 */
final class ContainerProcesses {
  private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
  private final Set<Long> groups = new TreeSet<>();
  private final long ownGroup = processGroup(ProcessHandle.current().pid()).orElse(-1L);

  /** Records the container processes alive now. */
  synchronized void sample(ProcessCluster cluster) {
    cluster.containerPids().values().forEach(pids -> pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
      seen.putIfAbsent(pid, p);
      // a container that shares the test's group (it should not) would make every test process a survivor
      processGroup(pid).filter(g -> g != ownGroup).ifPresent(groups::add);
    })));
  }

  /** Container processes seen during the run that are alive, and live processes in their groups. */
  synchronized List<String> survivors() {
    List<String> alive = new ArrayList<>();
    seen.values().stream().filter(ProcessHandle::isAlive).forEach(p -> alive.add("container process " + p.pid()
        + " " + p.info().commandLine().orElse("")));
    ProcessHandle.allProcesses().filter(p -> !seen.containsKey(p.pid()))
        .filter(p -> processGroup(p.pid()).stream().anyMatch(groups::contains))
        .forEach(p -> alive.add("process " + p.pid() + " in the process group of a container: "
            + p.info().commandLine().orElse("")));
    return alive;
  }

  synchronized int count() {
    return seen.size();
  }

  /** The process group of {@code pid}: field 5 of {@code /proc/<pid>/stat}, after the command in parentheses. */
  static Optional<Long> processGroup(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(Long.parseLong(fields[2]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone meanwhile
    }
  }
}
