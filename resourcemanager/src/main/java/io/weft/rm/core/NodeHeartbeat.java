package io.weft.rm.core;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import java.util.List;

/** One NM heartbeat: its container statuses and health. */
public record NodeHeartbeat(NodeId nodeId, int responseId, List<Reported> containers, boolean healthy,
    String healthReport) {
  public NodeHeartbeat {
    containers = List.copyOf(containers);
  }

  /** A container's state as its NM reports it. */
  public record Reported(ContainerId containerId, boolean complete, int exitStatus, String diagnostics) {}
}
