package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;

/**
 * A node whose state changed (YARN's {@code NodeReport} in an allocate answer), e.g. one that became
 * unhealthy or was lost: its containers are about to complete or already have.
 */
public record NodeUpdate(NodeId nodeId, String state, String rack, Resource capability, String healthReport) {
  public NodeUpdate {
    requireNonNull(nodeId, "nodeId");
    requireNonNull(state, "state");
    requireNonNull(rack, "rack");
    requireNonNull(capability, "capability");
    requireNonNull(healthReport, "healthReport");
  }
}
