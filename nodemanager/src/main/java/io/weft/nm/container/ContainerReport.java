package io.weft.nm.container;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;

/**
 * A snapshot of one container for status calls and heartbeats. {@code exitStatus} is valid once completed;
 * {@code user} is the user the container runs for.
 */
public record ContainerReport(ContainerId id, ContainerState state, int exitStatus, String diagnostics,
    Resource resource, long pid, ContainerAllocation allocation, String user) {

  public boolean isCompleted() {
    return state.isCompleted();
  }
}
