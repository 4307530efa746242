package io.weft.rm.scheduler;

/**
 * How a node is picked among those an ask fits: SPREAD takes the node with the most free memory
 * (an application's containers fan out over nodes), PACK the one with the least free memory that
 * still fits (nodes fill up one by one and whole nodes stay free for big asks). Ties go to the
 * lower node id. Each selects the scorer of the {@link PlacementChain#standard standard chain}
 * ({@link SpreadScorer}, {@link PackScorer}).
 */
public enum PlacementPolicy {
  SPREAD,
  PACK
}
