package io.weft.nm.container;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.nm.launch.ContainerDirs;
import java.util.List;
import java.util.Map;

/**
 * What the recovery store keeps of one container: enough to find its process again after a
 * NodeManager restart ({@code pid} is the process-group id, {@code processStartTicks} tells a reused
 * pid apart) and to report it to the RM. {@code exitStatus} and {@code diagnostics} are valid when
 * {@code completed}. {@code devices} are the device ids it holds, by resource type.
 */
public record ContainerRecord(
    ContainerId id,
    long pid,
    long processStartTicks,
    String user,
    Resource resource,
    ContainerAllocation allocation,
    ContainerDirs dirs,
    boolean completed,
    int exitStatus,
    String diagnostics,
    Map<String, List<String>> devices) {

  /** A container holding no devices. */
  public ContainerRecord(ContainerId id, long pid, long processStartTicks, String user, Resource resource,
      ContainerAllocation allocation, ContainerDirs dirs, boolean completed, int exitStatus, String diagnostics) {
    this(id, pid, processStartTicks, user, resource, allocation, dirs, completed, exitStatus, diagnostics, Map.of());
  }

  public ContainerRecord {
    devices = Map.copyOf(devices);
    requireNonNull(id);
    requireNonNull(user);
    requireNonNull(resource);
    requireNonNull(allocation);
    requireNonNull(dirs);
    requireNonNull(diagnostics);
  }
}
