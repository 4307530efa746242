package io.weft.nm.cgroups;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.nm.container.ContainerLimits;
import io.weft.nm.monitor.MemoryLimitDiagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One cgroup per container, named by its id: created with its limits before launch (memory hard
 * limit = the container's memory; CPU weight by vcores), checked for OOM kills when it fails, removed
 * (after killing anything left in it) when it is done.
 */
public final class ContainerCgroups implements ContainerLimits, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  /** A cgroup is removable only once its last process has exited; a killed process takes a moment. */
  private static final int REMOVE_TRIES = 50;
  private static final long REMOVE_RETRY_MS = 100;

  private final CgroupLayout layout;
  private final ScheduledExecutorService remover = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "nm-cgroup-remover");
    t.setDaemon(true);
    return t;
  });

  private ContainerCgroups(CgroupLayout layout) {
    this.layout = requireNonNull(layout);
  }

  /** Checks the host and prepares the hierarchy; throws {@link CgroupsUnavailableException} saying what is missing. */
  public static ContainerCgroups open(CgroupSettings settings) {
    CgroupLayout layout = HostCgroups.prepare(settings);
    LOG.info("containers get their own cgroups: {}", layout);
    return new ContainerCgroups(layout);
  }

  /** The directories of a container's cgroup (one per v1 controller, one with v2). */
  public List<Path> dirs(ContainerId id) {
    return layout.dirs(id.toString());
  }

  @Override
  public List<Path> prepare(ContainerId id, Resource resource) throws IOException {
    String name = id.toString();
    for (Path dir : layout.dirs(name)) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new IOException("cannot create the cgroup " + dir + " of " + id + ": " + e, e);
      }
    }
    layout.setLimits(name, resource);
    return layout.dirs(name).stream().map(d -> d.resolve("cgroup.procs")).toList();
  }

  @Override
  public Optional<String> limitKill(ContainerId id, long pid, Resource resource) {
    String name = id.toString();
    try {
      if (layout.oomKills(name) <= 0) {
        return Optional.empty();
      }
    } catch (IOException | NumberFormatException e) {
      LOG.warn("cannot tell whether {} was killed at its memory limit: {}", id, e.toString());
      return Optional.empty();
    }
    return Optional.of("Container [pid=" + pid + ",containerID=" + id + "] is running beyond physical memory "
        + "limits: it reached the hard limit of its memory cgroup, "
        + MemoryLimitDiagnostic.bytes(resource.memoryMb() * 1024 * 1024) + " (" + layout.memoryLimitFile(name)
        + "), and the kernel's OOM killer killed it.");
  }

  @Override
  public void release(ContainerId id) {
    try {
      remover.execute(() -> remove(id, 1));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("not removing the cgroup of {}: the NodeManager is closing", id);
    }
  }

  private void remove(ContainerId id, int attempt) {
    boolean left = false;
    for (Path dir : layout.dirs(id.toString())) {
      if (Files.isDirectory(dir) && !tryRemove(dir)) {
        left = true;
      }
    }
    if (!left) {
      return;
    }
    if (attempt < REMOVE_TRIES && !remover.isShutdown()) {
      remover.schedule(() -> remove(id, attempt + 1), REMOVE_RETRY_MS, TimeUnit.MILLISECONDS);
    } else {
      LOG.warn("cannot remove the cgroup of {} ({}): processes are still in it", id, layout.dirs(id.toString()));
    }
  }

  /** Kills what is left in {@code dir} (a process that escaped the container's group) and removes it. */
  private static boolean tryRemove(Path dir) {
    try {
      for (String pid : CgroupFiles.read(dir.resolve("cgroup.procs")).split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      Files.delete(dir);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("cgroup {} not removed yet: {}", dir, e.toString());
      return false;
    }
  }

  @Override
  public void close() {
    remover.shutdown();
    try {
      remover.awaitTermination(REMOVE_TRIES * REMOVE_RETRY_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
