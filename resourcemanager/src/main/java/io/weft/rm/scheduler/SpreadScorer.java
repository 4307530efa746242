package io.weft.rm.scheduler;

/**
 * Prefers the node with the most free memory (an application's containers fan out over nodes):
 * free memory scaled to 0–100 by the most any node has. Policy {@code spread}.
 */
public final class SpreadScorer implements PlacementScorer {
  @Override
  public double score(NodeView node, PlacementContext context) {
    return 100.0 * node.free().memoryMb() / Math.max(1, context.largestFreeMb());
  }

  @Override
  public IndexOrder indexOrder() {
    return IndexOrder.MOST_FREE_MEMORY;
  }
}
