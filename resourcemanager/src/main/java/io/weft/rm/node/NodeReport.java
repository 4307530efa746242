package io.weft.rm.node;

import io.weft.common.id.NodeId;
import io.weft.common.resource.NodeUtilization;
import io.weft.common.resource.Resource;
import java.time.Instant;

/**
 * An immutable view of a node for clients.
 *
 * @param decommissionDeadline when a DECOMMISSIONING node is decommissioned whatever it runs; null = no limit
 * @param utilization what its NM last measured in use
 * @param partition its node label ("" = none: the default partition)
 */
public record NodeReport(NodeId nodeId, NodeState state, String httpAddress, String rack, Resource capability,
    Resource used, int numContainers, String healthReport, Instant lastHeartbeat, Instant decommissionDeadline,
    NodeUtilization utilization, String partition) {
  /** A node without a label. */
  public NodeReport(NodeId nodeId, NodeState state, String httpAddress, String rack, Resource capability,
      Resource used, int numContainers, String healthReport, Instant lastHeartbeat, Instant decommissionDeadline,
      NodeUtilization utilization) {
    this(nodeId, state, httpAddress, rack, capability, used, numContainers, healthReport, lastHeartbeat,
        decommissionDeadline, utilization, "");
  }

  /** Its labels as YARN lists them: none, or its one label. */
  public java.util.List<String> labels() {
    return partition.isEmpty() ? java.util.List.of() : java.util.List.of(partition);
  }
}
