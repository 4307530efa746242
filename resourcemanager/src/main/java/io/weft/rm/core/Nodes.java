package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import io.weft.rm.container.ContainerEvent;
import io.weft.common.launch.ExitStatus;
import io.weft.rm.container.RmContainer;
import io.weft.rm.node.NodeEvent;
import io.weft.rm.node.NodeState;
import io.weft.rm.node.RmNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** NodeManager registration, heartbeats and liveness on the core loop. */
final class Nodes {
  private static final Logger LOG = LogManager.getLogger();
  private final ClusterState state;
  private final Applications applications;
  private final Recovery recovery;
  private final Runnable requestSchedule;

  Nodes(ClusterState state, Applications applications, Recovery recovery, Runnable requestSchedule) {
    this.state = requireNonNull(state);
    this.applications = requireNonNull(applications);
    this.recovery = requireNonNull(recovery);
    this.requestSchedule = requireNonNull(requestSchedule);
  }

  void register(NodeRegistration registration) {
    if (registration.capability().memoryMb() <= 0 || registration.capability().vcores() <= 0) {
      throw WeftException.invalidArgument("node " + registration.nodeId() + " offers " + registration.capability()
          + "; its memory and vcores must both be positive");
    }
    RmNode node = new RmNode(registration.nodeId(), registration.httpAddress(),
        state.racks.rackOf(registration.nodeId()), registration.capability(), registration.logDir(), state.now(),
        state::nodeChanged);
    RmNode previous = state.nodes.put(registration.nodeId(), node);
    node.handle(new NodeEvent.Registered());
    java.util.Set<ContainerId> running = registration.running();
    java.util.Set<ContainerId> reported = registration.containers().stream().map(NodeHeartbeat.Reported::containerId)
        .collect(java.util.stream.Collectors.toSet());
    if (previous != null) {
      LOG.info("node {} registered again; replacing its previous registration ({})", node.id(), previous.state());
      List<RmContainer> lost = new ArrayList<>();
      for (ContainerId id : previous.containers()) {
        RmContainer container = state.containers.get(id);
        if (container == null) {
          continue;
        }
        if (running.contains(id)) {
          node.allocate(id, container.resource());
        } else if (!reported.contains(id)) {
          lost.add(container);
        }
      }
      abort(lost, "Container lost when node " + node.id() + " registered again without it");
    }
    for (NodeHeartbeat.Reported report : registration.containers()) {
      handleReported(node, report);
    }
    recovery.nodeRegistered(node.id());
    LOG.info("node {} registered with {} (http {}), {} running container(s)", node.id(), node.capability(),
        node.httpAddress(), running.size());
    requestSchedule.run();
  }

  HeartbeatAnswer heartbeat(NodeHeartbeat heartbeat) {
    RmNode node = state.nodes.get(heartbeat.nodeId());
    if (node == null || !node.state().isActive()) {
      LOG.info("heartbeat from {} which is {}; asking it to register again", heartbeat.nodeId(),
          node == null ? "not registered" : node.state());
      return new HeartbeatAnswer(0, true, List.of(), List.of(), state.settings.heartbeatInterval(), List.of());
    }
    node.heard(state.now(), heartbeat.responseId() + 1);
    node.healthReport(heartbeat.healthReport());
    if (heartbeat.healthy() && node.state() == NodeState.UNHEALTHY) {
      node.handle(new NodeEvent.BecameHealthy());
      requestSchedule.run();
    } else if (!heartbeat.healthy() && node.state() == NodeState.RUNNING) {
      node.handle(new NodeEvent.BecameUnhealthy());
    }
    List<ContainerId> recorded = new ArrayList<>();
    for (NodeHeartbeat.Reported reported : heartbeat.containers()) {
      handleReported(node, reported);
      if (reported.complete()) {
        recorded.add(reported.containerId());
      }
    }
    return new HeartbeatAnswer(node.responseId(), false, node.drainContainersToCleanup(), node.drainAppsToCleanup(),
        state.settings.heartbeatInterval(), recorded);
  }

  /**
   * Applies one container report. A container this RM does not know is taken back when an earlier
   * run of the RM granted it to an application still running ({@link Recovery#adopt}); otherwise a
   * running one is stopped.
   */
  private void handleReported(RmNode node, NodeHeartbeat.Reported reported) {
    RmContainer container = state.containers.get(reported.containerId());
    if (container == null) {
      container = recovery.adopt(node, reported).orElse(null);
    }
    if (container == null) {
      if (!reported.complete()) {
        node.cleanupContainer(reported.containerId());
      }
      return;
    }
    if (reported.complete()) {
      if (state.endContainer(container, new ContainerEvent.Finished(), reported.exitStatus(),
          reported.diagnostics())) {
        applications.containerCompleted(container);
      }
      return;
    }
    if (container.state().isFinal()) {
      node.cleanupContainer(container.id());
      return;
    }
    container.handle(new ContainerEvent.Started());
  }

  void unregister(io.weft.common.id.NodeId id) {
    RmNode node = state.nodes.get(id);
    if (node == null || !node.state().isActive()) {
      return;
    }
    node.handle(new NodeEvent.Unregistered());
    abort(containersOn(node), "Container lost: node " + id + " shut down");
    requestSchedule.run();
  }

  /** Nodes silent for longer than the expiry become LOST; their containers complete as ABORTED. */
  void checkLiveness() {
    for (RmNode node : List.copyOf(state.nodes.values())) {
      if (!node.state().isActive()
          || !node.lastHeartbeat().plus(state.settings.nodeExpiry()).isBefore(state.now())) {
        continue;
      }
      LOG.warn("node {} has not heartbeated since {} (expiry {}); marking it LOST", node.id(), node.lastHeartbeat(),
          state.settings.nodeExpiry());
      node.handle(new NodeEvent.Expired());
      abort(containersOn(node), "Container released on a lost node " + node.id());
      requestSchedule.run();
    }
  }

  private List<RmContainer> containersOn(RmNode node) {
    List<RmContainer> out = new ArrayList<>();
    for (ContainerId id : node.containers()) {
      RmContainer c = state.containers.get(id);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  private void abort(List<RmContainer> containers, String diagnostics) {
    for (RmContainer container : containers) {
      if (state.endContainer(container, new ContainerEvent.Finished(), ExitStatus.ABORTED, diagnostics)) {
        applications.containerCompleted(container);
      }
    }
  }

}
