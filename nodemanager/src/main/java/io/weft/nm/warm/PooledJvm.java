package io.weft.nm.warm;

import static java.util.Objects.requireNonNull;

import io.weft.common.launch.warm.WarmClaim;
import io.weft.common.launch.warm.WarmJvm;
import io.weft.nm.launch.ContainerDirs;
import io.weft.nm.launch.ProcessGroups;
import io.weft.nm.launch.ProcessStat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One warm JVM of the pool: its launch script's process (the leader of its own process group, as a cold
 * container's script is), its working dir and its log dir. Claimed by at most one container, which it
 * then becomes: {@link #moveInto} gives it the container's dirs, {@link #joinCgroups} its limits,
 * {@link #handOver} its command.
 */
public final class PooledJvm {
  private static final List<String> LOG_FILES = List.of("stdout", "stderr");

  private final long heapMb;
  private final Path workDir;
  private final Path logDir;
  private final Process process;
  /** Whether this NodeManager holds its warm-up (the hold file is there); guarded by the pool's lock. */
  private boolean held;

  PooledJvm(long heapMb, Path workDir, Path logDir, Process process) {
    this.heapMb = heapMb;
    this.workDir = requireNonNull(workDir);
    this.logDir = requireNonNull(logDir);
    this.process = requireNonNull(process);
  }

  public long heapMb() {
    return heapMb;
  }

  /** Its launch script's pid, which is also its process group. */
  public long pid() {
    return process.pid();
  }

  /** The launch script's process, a child of this NodeManager: its exit value is the container's exit code. */
  public Process process() {
    return process;
  }

  Path workDir() {
    return workDir;
  }

  Path logDir() {
    return logDir;
  }

  /** True once the JVM has loaded its classes and opened its claim channel. */
  boolean isReady() {
    return process.isAlive() && Files.exists(workDir.resolve(WarmJvm.READY_FILE), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Asks its warm-up to wait between steps: a container is starting and should have the cores first. A JVM that
   * is ready no longer looks.
   */
  void holdWarmUp() {
    if (held) {
      return;
    }
    try {
      Files.createFile(workDir.resolve(WarmJvm.HOLD_FILE));
      held = true;
    } catch (IOException e) {
      // the dir is gone with the JVM: nothing to hold
    }
  }

  /** Lets its warm-up go on, if it was held. */
  void releaseWarmUp() {
    if (!held) {
      return;
    }
    try {
      Files.deleteIfExists(workDir.resolve(WarmJvm.HOLD_FILE));
    } catch (IOException e) {
      // the dir is gone with the JVM: nothing held
    }
    held = false;
  }

  /**
   * Renames its working dir to the container's (an empty dir the container executor made, replaced) and
   * moves its stdout and stderr into the container's log dir. Renames within one file system: the
   * JVM's working directory and its open output files follow.
   */
  public void moveInto(ContainerDirs dirs) throws IOException {
    Files.deleteIfExists(dirs.workDir());
    Files.move(workDir, dirs.workDir(), StandardCopyOption.ATOMIC_MOVE);
    for (String name : LOG_FILES) {
      Files.move(logDir.resolve(name), dirs.logDir().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
    Files.deleteIfExists(logDir);
  }

  /**
   * Moves every process of its group into the cgroups whose {@code cgroup.procs} files are given, as a cold
   * container's launch script moves itself before it starts anything.
   */
  public void joinCgroups(List<Path> cgroupProcs) throws IOException {
    if (cgroupProcs.isEmpty()) {
      return;
    }
    List<Long> members = groupMembers(pid());
    for (Path procs : cgroupProcs) {
      for (long member : members) {
        Files.writeString(procs, member + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
      }
    }
  }

  /** Writes the container's claim to the JVM, in its (renamed) working dir {@code containerWorkDir}. */
  public void handOver(Path containerWorkDir, WarmClaim claim) throws IOException {
    // The JVM holds the FIFO open for reading and writing, so this open does not block.
    try (OutputStream out = Files.newOutputStream(containerWorkDir.resolve(WarmJvm.CLAIM_CHANNEL),
        StandardOpenOption.WRITE)) {
      claim.writeTo(out);
    }
  }

  /**
   * Removes what a warm JVM killed before its hand-over left in {@code workDir} (its channel, ready and hold
   * markers and exit code), so that a cold launch there starts from what a cold container's dir holds.
   */
  public static void removeFilesOf(Path workDir) throws IOException {
    Files.deleteIfExists(workDir.resolve(WarmJvm.CLAIM_CHANNEL));
    Files.deleteIfExists(workDir.resolve(WarmJvm.READY_FILE));
    Files.deleteIfExists(workDir.resolve(WarmJvm.HOLD_FILE));
    Files.deleteIfExists(workDir.resolve(WarmJvm.HELD_FILE));
    Files.deleteIfExists(workDir.resolve(io.weft.nm.launch.ExitCodeFile.NAME));
  }

  /** SIGKILL to its whole process group. */
  public void kill() {
    ProcessGroups.signal(pid(), "KILL");
  }

  private static List<Long> groupMembers(long pgid) throws IOException {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
        .chars().allMatch(Character::isDigit))) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        ProcessStat.of(pid).filter(s -> s.pgid() == pgid).ifPresent(s -> members.add(pid));
      }
    }
    return members;
  }

  @Override
  public String toString() {
    return "warm JVM " + pid() + " (" + heapMb + " MB heap)";
  }
}
