package io.weft.rm.node;

import static io.weft.rm.node.NodeState.DECOMMISSIONED;
import static io.weft.rm.node.NodeState.DECOMMISSIONING;
import static io.weft.rm.node.NodeState.LOST;
import static io.weft.rm.node.NodeState.NEW;
import static io.weft.rm.node.NodeState.RUNNING;
import static io.weft.rm.node.NodeState.SHUTDOWN;
import static io.weft.rm.node.NodeState.UNHEALTHY;

import io.weft.rm.lifecycle.TransitionTable;

/**
 * The node's transition table. A draining (DECOMMISSIONING) node keeps its state whatever its
 * health says, as YARN's does; LOST, SHUTDOWN and DECOMMISSIONED are final for the record (a node
 * that comes back registers as a new one).
 */
public final class NodeLifecycle {
  public static final TransitionTable<NodeState, NodeEvent> TABLE =
      TransitionTable.<NodeState, NodeEvent>builder("node", NodeState.class)
          .on(NodeEvent.Registered.class, RUNNING, NEW)
          .on(NodeEvent.BecameUnhealthy.class, UNHEALTHY, RUNNING)
          .on(NodeEvent.BecameHealthy.class, RUNNING, UNHEALTHY)
          .on(NodeEvent.Expired.class, LOST, RUNNING, UNHEALTHY, DECOMMISSIONING)
          .on(NodeEvent.Unregistered.class, SHUTDOWN, RUNNING, UNHEALTHY, DECOMMISSIONING)
          .on(NodeEvent.DecommissionGracefully.class, DECOMMISSIONING, RUNNING, UNHEALTHY)
          .on(NodeEvent.Decommissioned.class, DECOMMISSIONED, RUNNING, UNHEALTHY, DECOMMISSIONING)
          .on(NodeEvent.Recommissioned.class, RUNNING, DECOMMISSIONING)
          .ignore(NodeEvent.BecameHealthy.class, RUNNING, DECOMMISSIONING)
          .ignore(NodeEvent.BecameUnhealthy.class, UNHEALTHY, DECOMMISSIONING)
          .ignore(NodeEvent.DecommissionGracefully.class, DECOMMISSIONING)
          .build();

  private NodeLifecycle() {}
}
