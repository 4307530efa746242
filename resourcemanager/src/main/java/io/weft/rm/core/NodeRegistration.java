package io.weft.rm.core;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An NM's registration: who it is, what it offers, and the containers it holds: still running
 * (after an NM or RM restart) or completed and not yet acknowledged by the RM.
 */
public record NodeRegistration(NodeId nodeId, String httpAddress, Resource capability, String logDir,
    List<NodeHeartbeat.Reported> containers, boolean healthy, String healthReport) {
  public NodeRegistration {
    containers = List.copyOf(containers);
    healthReport = healthReport == null ? "" : healthReport;
  }

  /** A healthy node's registration. */
  public NodeRegistration(NodeId nodeId, String httpAddress, Resource capability, String logDir,
      List<NodeHeartbeat.Reported> containers) {
    this(nodeId, httpAddress, capability, logDir, containers, true, "");
  }

  Set<ContainerId> running() {
    return containers.stream().filter(c -> !c.complete()).map(NodeHeartbeat.Reported::containerId)
        .collect(Collectors.toSet());
  }
}
