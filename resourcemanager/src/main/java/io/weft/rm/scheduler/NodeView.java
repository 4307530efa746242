package io.weft.rm.scheduler;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;

/** A schedulable node as the scheduler sees it in one pass, with the rack it sits in. */
public record NodeView(NodeId nodeId, String rack, Resource capability, Resource free) {
  public static final String DEFAULT_RACK = "/default-rack";

  public NodeView(NodeId nodeId, Resource capability, Resource free) {
    this(nodeId, DEFAULT_RACK, capability, free);
  }

  public NodeView withFree(Resource newFree) {
    return new NodeView(nodeId, rack, capability, newFree);
  }
}
