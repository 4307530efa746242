package io.weft.rm.scheduler;

/**
 * Prefers the node with the least free memory that still passes the filters (nodes fill up one by
 * one and whole nodes stay free for big asks). Policy {@code pack}.
 */
public final class PackScorer implements PlacementScorer {
  @Override
  public double score(NodeView node, PlacementContext context) {
    return 100.0 - 100.0 * node.free().memoryMb() / Math.max(1, context.largestFreeMb());
  }

  @Override
  public IndexOrder indexOrder() {
    return IndexOrder.LEAST_FREE_MEMORY;
  }
}
