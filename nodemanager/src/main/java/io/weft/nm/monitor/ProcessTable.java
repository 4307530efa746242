package io.weft.nm.monitor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every process of the host at one moment, read from {@code /proc/<pid>/stat} in one pass. */
final class ProcessTable {
  private final Map<Long, ProcessInfo> byPid;
  private final Map<Long, List<Long>> children = new HashMap<>();

  ProcessTable(Collection<ProcessInfo> processes) {
    byPid = new LinkedHashMap<>();
    processes.forEach(p -> byPid.put(p.pid(), p));
    processes.forEach(p -> children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p.pid()));
  }

  static ProcessTable read(Path procRoot) {
    List<ProcessInfo> processes = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(procRoot, p -> isPid(p.getFileName().toString()))) {
      for (Path dir : dirs) {
        try {
          ProcessInfo.parse(Files.readString(dir.resolve("stat"))).ifPresent(processes::add);
        } catch (IOException e) {
          // The process ended between listing and reading: it uses nothing any more.
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list processes in " + procRoot + ": " + e.getMessage(), e);
    }
    return new ProcessTable(processes);
  }

  private static boolean isPid(String name) {
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }

  /**
   * The processes of the container whose launch script is {@code rootPid}: its session and process
   * group (the script leads both, see ProcessGroups), plus any descendant that left them (a child that
   * called setsid). Root first; empty when the root is gone, or not yet the leader of its own
   * session: then it is still the NM's fork on its way to {@code setsid} and exec, and shares the
   * NM JVM's pages (a container measured then would be charged the NM's memory).
   */
  List<ProcessInfo> tree(long rootPid) {
    ProcessInfo root = byPid.get(rootPid);
    if (root == null || root.session() != rootPid) {
      return List.of();
    }
    Map<Long, ProcessInfo> members = new LinkedHashMap<>();
    members.put(rootPid, root);
    byPid.values().stream().filter(p -> p.session() == rootPid || p.pgrp() == rootPid)
        .forEach(p -> members.put(p.pid(), p));
    Deque<Long> pending = new ArrayDeque<>(members.keySet());
    while (!pending.isEmpty()) {
      for (long child : children.getOrDefault(pending.pop(), List.of())) {
        if (members.putIfAbsent(child, byPid.get(child)) == null) {
          pending.push(child);
        }
      }
    }
    return List.copyOf(members.values());
  }
}
