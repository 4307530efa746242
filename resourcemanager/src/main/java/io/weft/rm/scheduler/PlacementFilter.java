package io.weft.rm.scheduler;

/**
 * A feasibility check of one node for one container: the node passes, or it is rejected with a short
 * reason ("not enough memory", "excluded by the application") that the scheduler counts per reason
 * when nothing fits, for the application's waiting reason. Implementations are stateless and cheap
 * (the chain runs them on every node the index offers); everything about the ask arrives in the
 * {@link PlacementContext}.
 */
public interface PlacementFilter {
  /** Why {@code node} cannot take the container, or null when it can. */
  String rejection(NodeView node, PlacementContext context);
}
