package io.weft.rm.scheduler;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;

/** A schedulable node as the scheduler sees it in one pass. */
public record NodeView(NodeId nodeId, Resource capability, Resource free) {
  public NodeView withFree(Resource newFree) {
    return new NodeView(nodeId, capability, newFree);
  }
}
