package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;

/** Ranks nodes that passed every filter; the highest score wins, ties go to the lower node id. */
public interface NodeScorer {
  double score(NodeView node, Resource ask);
}
