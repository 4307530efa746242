package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;

/** Spread: prefers the node with the most free memory, so an application's containers fan out. */
public final class MostFreeMemoryScorer implements NodeScorer {
  @Override
  public double score(NodeView node, Resource ask) {
    return node.free().memoryMb();
  }
}
