package io.weft.rm.core;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.Set;

/** An NM's registration: who it is, what it offers, and what still runs on it after a restart. */
public record NodeRegistration(NodeId nodeId, String httpAddress, Resource capability, String logDir,
    Set<ContainerId> runningContainers) {
  public NodeRegistration {
    runningContainers = Set.copyOf(runningContainers);
  }
}
