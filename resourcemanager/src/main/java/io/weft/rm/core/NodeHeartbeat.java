package io.weft.rm.core;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.NodeUtilization;
import io.weft.common.resource.Resource;
import java.time.Instant;
import java.util.List;

/** One NM heartbeat: its container statuses, health and measured utilization. */
public record NodeHeartbeat(NodeId nodeId, int responseId, List<Reported> containers, boolean healthy,
    String healthReport, NodeUtilization utilization) {
  public NodeHeartbeat {
    containers = List.copyOf(containers);
    java.util.Objects.requireNonNull(utilization);
  }

  /** A heartbeat that measured nothing. */
  public NodeHeartbeat(NodeId nodeId, int responseId, List<Reported> containers, boolean healthy,
      String healthReport) {
    this(nodeId, responseId, containers, healthy, healthReport, NodeUtilization.NONE);
  }

  /**
   * A container's state as its NM reports it, with what a restarted RM needs to take it back into
   * its books (its size, priority, ask and when it was created).
   */
  public record Reported(ContainerId containerId, boolean complete, int exitStatus, String diagnostics,
      Resource capability, int priority, long allocationRequestId, Instant created) {
    /** A report with no bookkeeping details (tests, and NMs that send none). */
    public Reported(ContainerId containerId, boolean complete, int exitStatus, String diagnostics) {
      this(containerId, complete, exitStatus, diagnostics, Resource.NONE, 0, 0, Instant.EPOCH);
    }
  }
}
