package io.weft.rm.scheduler;

/**
 * How much a node that passed every filter is worth for one container, from 0 to 100 (higher is
 * better); the chain adds the scores times their weights and takes the best node, the lower node
 * id among equals. Implementations are stateless.
 */
public interface PlacementScorer {
  /** An order of the node index that lists nodes from the best score of a scorer down. */
  enum IndexOrder {
    /** The scorer does not follow an order of the index: every candidate is scored. */
    NONE,
    /** Best first = most free memory first (lower id among equals). */
    MOST_FREE_MEMORY,
    /** Best first = least free memory first (lower id among equals). */
    LEAST_FREE_MEMORY
  }

  /** The score of {@code node}, 0–100. */
  double score(NodeView node, PlacementContext context);

  /**
   * False when this scorer gives every candidate of {@code context} the same score, so the chain may
   * leave it out (e.g. a locality preference for an ask that names no host).
   */
  default boolean appliesTo(PlacementContext context) {
    return true;
  }

  /**
   * When the scores follow an order the index walks in, the chain stops at the first node that passes
   * every filter instead of scoring them all (O(log nodes) per container, not a scan); it does so only
   * when this is the one scorer that applies.
   */
  default IndexOrder indexOrder() {
    return IndexOrder.NONE;
  }
}
