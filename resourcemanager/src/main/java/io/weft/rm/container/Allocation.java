package io.weft.rm.container;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;

/** A container as granted to an application: where it runs, how big it is, and who asked. */
public record Allocation(ContainerId containerId, NodeId nodeId, String nodeHttpAddress, Resource resource,
    int priority, long allocationRequestId, String user) {
  public Allocation {
    requireNonNull(containerId, "containerId");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(nodeHttpAddress, "nodeHttpAddress");
    requireNonNull(resource, "resource");
    requireNonNull(user, "user");
  }
}
