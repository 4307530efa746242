package io.weft.rm.scheduler;

/**
 * The node holds none of the attempt's containers of this ask, when the ask wants anti-affinity.
 * Anti-affinity is a preference: when only such nodes have room, the scheduler asks the chain again
 * with an empty {@link PlacementContext#avoid()}.
 */
public final class AntiAffinityFilter implements PlacementFilter {
  public static final String HOLDS_ONE = "already holds a container of this anti-affinity ask";

  @Override
  public String rejection(NodeView node, PlacementContext context) {
    return context.avoid().contains(node.nodeId()) ? HOLDS_ONE : null;
  }
}
