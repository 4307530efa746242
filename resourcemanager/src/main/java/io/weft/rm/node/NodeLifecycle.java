package io.weft.rm.node;

import static io.weft.rm.node.NodeState.LOST;
import static io.weft.rm.node.NodeState.NEW;
import static io.weft.rm.node.NodeState.RUNNING;
import static io.weft.rm.node.NodeState.SHUTDOWN;
import static io.weft.rm.node.NodeState.UNHEALTHY;

import io.weft.rm.lifecycle.TransitionTable;

/** The node's transition table. */
public final class NodeLifecycle {
  public static final TransitionTable<NodeState, NodeEvent> TABLE =
      TransitionTable.<NodeState, NodeEvent>builder("node", NodeState.class)
          .on(NodeEvent.Registered.class, RUNNING, NEW)
          .on(NodeEvent.BecameUnhealthy.class, UNHEALTHY, RUNNING)
          .on(NodeEvent.BecameHealthy.class, RUNNING, UNHEALTHY)
          .on(NodeEvent.Expired.class, LOST, RUNNING, UNHEALTHY)
          .on(NodeEvent.Unregistered.class, SHUTDOWN, RUNNING, UNHEALTHY)
          .ignore(NodeEvent.BecameHealthy.class, RUNNING)
          .ignore(NodeEvent.BecameUnhealthy.class, UNHEALTHY)
          .build();

  private NodeLifecycle() {}
}
