package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.launch.ExitStatus;
import io.weft.rm.container.ContainerEvent;
import io.weft.rm.container.RmContainer;
import io.weft.rm.node.NodeEvent;
import io.weft.rm.node.NodeHosts;
import io.weft.rm.node.NodeReport;
import io.weft.rm.node.NodeState;
import io.weft.rm.node.RmNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Decommissioning, on the core loop: a refresh of the hosts lists decommissions the nodes they
 * exclude, at once or gracefully (DECOMMISSIONING: no new containers, running ones go on until they
 * end or the timeout passes, then the rest are killed and reported ABORTED); a draining node taken
 * off the lists goes back to RUNNING.
 */
final class Decommissioning {
  private static final Logger LOG = LogManager.getLogger();
  private final ClusterState state;
  private final Nodes nodes;

  Decommissioning(ClusterState state, Nodes nodes) {
    this.state = requireNonNull(state);
    this.nodes = requireNonNull(nodes);
  }

  /** How a refresh treats the nodes it excludes. {@code timeout} null = drain for as long as it takes. */
  record Mode(boolean graceful, Duration timeout) {}

  /**
   * Puts {@code hosts} in force and decommissions the active nodes they exclude; answers the
   * reports of every node the refresh moved (decommissioning, decommissioned or back to running).
   */
  List<NodeReport> refresh(NodeHosts hosts, Mode mode) {
    state.hosts = requireNonNull(hosts);
    Instant now = state.now();
    List<NodeReport> moved = new ArrayList<>();
    for (RmNode node : List.copyOf(state.nodes.values())) {
      boolean excluded = hosts.excludes(node.id());
      if (excluded && node.state().isActive()) {
        if (mode.graceful()) {
          Instant deadline = mode.timeout() == null ? null : now.plus(mode.timeout());
          nodes.transition(node, new NodeEvent.DecommissionGracefully());
          node.decommissionDeadline(deadline);
          LOG.info("node {} is decommissioning with {} container(s) running, {}", node.id(),
              node.containers().size(), deadline == null ? "for as long as they run" : "until " + deadline);
          checkDrained(node);
        } else {
          decommission(node, "Container killed: node " + node.id() + " was decommissioned");
        }
        moved.add(node.report());
      } else if (!excluded && node.state() == NodeState.DECOMMISSIONING) {
        nodes.transition(node, new NodeEvent.Recommissioned());
        if (!node.healthy()) {
          nodes.transition(node, new NodeEvent.BecameUnhealthy());
        }
        LOG.info("node {} is no longer excluded: recommissioned", node.id());
        moved.add(node.report());
      }
    }
    return moved;
  }

  /** A draining node with no container left, or past its deadline, is decommissioned. */
  void checkDrained(RmNode node) {
    if (node.state() != NodeState.DECOMMISSIONING) {
      return;
    }
    if (node.containers().isEmpty()) {
      LOG.info("node {} has drained", node.id());
      nodes.transition(node, new NodeEvent.Decommissioned());
    } else if (node.decommissionDeadline() != null && !state.now().isBefore(node.decommissionDeadline())) {
      LOG.warn("node {} is past its decommission deadline {} with {} container(s) still running; killing them",
          node.id(), node.decommissionDeadline(), node.containers().size());
      decommission(node, "Container killed: node " + node.id() + " was decommissioned (its graceful "
          + "decommission timeout passed)");
    }
  }

  /** Every draining node (the loop's periodic check). */
  void checkDraining() {
    state.drainingNodes().forEach(this::checkDrained);
  }

  /** Stops what still runs on {@code node} (reported ABORTED to the AMs) and decommissions it. */
  private void decommission(RmNode node, String diagnostics) {
    List<RmContainer> running = nodes.containersOn(node);
    state.stopContainers(running, new ContainerEvent.Killed(), ExitStatus.ABORTED, diagnostics);
    running.forEach(nodes::completed);
    nodes.transition(node, new NodeEvent.Decommissioned());
  }
}
