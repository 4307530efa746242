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
 */
public record NodeReport(NodeId nodeId, NodeState state, String httpAddress, String rack, Resource capability,
    Resource used, int numContainers, String healthReport, Instant lastHeartbeat, Instant decommissionDeadline,
    NodeUtilization utilization) {}
