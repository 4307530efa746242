package io.weft.nm.container;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Limits the kernel enforces on a container for its whole life (cgroups), as opposed to the
 * container monitor's periodic checks. {@link #NONE} when they are off.
 */
public interface ContainerLimits {
  ContainerLimits NONE = new ContainerLimits() {
    @Override
    public List<Path> prepare(ContainerId id, Resource resource) {
      return List.of();
    }

    @Override
    public Optional<String> limitKill(ContainerId id, long pid, Resource resource) {
      return Optional.empty();
    }

    @Override
    public void release(ContainerId id) { }
  };

  /**
   * Before launch: sets the container's limits up. Returns the {@code cgroup.procs} files its launch
   * script writes its pid into before anything else, so that every process of the container is limited.
   */
  List<Path> prepare(ContainerId id, Resource resource) throws IOException;

  /** After the process failed: YARN's diagnostic when the kernel killed it for exceeding its limit. */
  Optional<String> limitKill(ContainerId id, long pid, Resource resource);

  /** Once the container is done: removes its limits, killing anything left in them. Does not block. */
  void release(ContainerId id);
}
