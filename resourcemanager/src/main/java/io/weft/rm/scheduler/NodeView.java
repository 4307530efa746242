package io.weft.rm.scheduler;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;

/**
 * A schedulable node as the scheduler sees it in one pass, with the rack it sits in and its partition
 * (its node label, YARN's exclusive partition; {@link #DEFAULT_PARTITION} for a node without one), and the
 * number the RM core gave it ({@link #UNNUMBERED} outside the core), handed back in each {@link Placement} so
 * the core finds its node record by position rather than by a lookup of the id.
 */
public record NodeView(NodeId nodeId, String rack, Resource capability, Resource free, String partition,
    int number) {
  public static final String DEFAULT_RACK = "/default-rack";
  /** The partition of nodes without a label, YARN's "" (shown as {@code <DEFAULT_PARTITION>}). */
  public static final String DEFAULT_PARTITION = "";

  public static final int UNNUMBERED = -1;

  public NodeView {
    requireNonNull(partition);
  }

  public NodeView(NodeId nodeId, String rack, Resource capability, Resource free, String partition) {
    this(nodeId, rack, capability, free, partition, UNNUMBERED);
  }

  public NodeView(NodeId nodeId, String rack, Resource capability, Resource free) {
    this(nodeId, rack, capability, free, DEFAULT_PARTITION);
  }

  public NodeView(NodeId nodeId, Resource capability, Resource free) {
    this(nodeId, DEFAULT_RACK, capability, free);
  }

  public NodeView withFree(Resource newFree) {
    return new NodeView(nodeId, rack, capability, newFree, partition, number);
  }

  /** How a partition reads in reasons and reports: its label, or {@code <DEFAULT_PARTITION>}. */
  public static String describe(String partition) {
    return partition.isEmpty() ? "<DEFAULT_PARTITION>" : partition;
  }
}
