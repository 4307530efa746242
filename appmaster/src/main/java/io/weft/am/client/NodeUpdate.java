package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;

/**
 * A node whose state changed (YARN's {@code NodeReport} in an allocate answer), e.g. one that became
 * unhealthy or was lost (its containers are about to complete or already have), or whose node label
 * changed (it now serves only asks naming its new label, or, without one, asks without a label).
 *
 * @param labels its node labels now: none (the default partition) or one
 */
public record NodeUpdate(NodeId nodeId, String state, String rack, Resource capability, String healthReport,
    java.util.List<String> labels) {
  public NodeUpdate(NodeId nodeId, String state, String rack, Resource capability, String healthReport) {
    this(nodeId, state, rack, capability, healthReport, java.util.List.of());
  }

  public NodeUpdate {
    labels = java.util.List.copyOf(labels);
    requireNonNull(nodeId, "nodeId");
    requireNonNull(state, "state");
    requireNonNull(rack, "rack");
    requireNonNull(capability, "capability");
    requireNonNull(healthReport, "healthReport");
  }
}
