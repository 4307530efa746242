package io.weft.rm.scheduler;

/**
 * The node is open to this ask: not reserved for another one. (Nodes that are not schedulable —
 * unhealthy, decommissioning, lost, stale — are never in the index, so they never reach a filter.)
 */
public final class NodeStateFilter implements PlacementFilter {
  public static final String RESERVED = "reserved for another ask";

  @Override
  public String rejection(NodeView node, PlacementContext context) {
    return context.reserved().contains(node.nodeId()) ? RESERVED : null;
  }
}
