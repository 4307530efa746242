package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.rpc.WeftException;
import io.weft.rm.container.ContainerEvent;
import io.weft.rm.container.RmContainer;
import io.weft.rm.node.NodeEvent;
import io.weft.rm.node.NodeState;
import io.weft.rm.node.RmNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * NodeManager registration, heartbeats, health, liveness and the forgetting of gone nodes, on the
 * core loop. Every node state change goes through {@link #transition}, which tells the AMs.
 */
final class Nodes {
  private static final Logger LOG = LogManager.getLogger();
  /**
   * Heartbeat intervals a node may miss before placement passes it over: long before the liveness
   * expiry, a silent node gets no new containers.
   */
  static final int MISSED_HEARTBEATS_BEFORE_STALE = 3;
  /**
   * Each answer names a next interval drawn within this many percent either side of the configured one (the
   * mean stays as configured). Nodes count the interval from each answer, as YARN's do, so nodes answered
   * together (after a pause of the RM, or all registering at once after a failover) would otherwise heartbeat
   * together for ever, in bursts several times the average rate; spread, they drift apart within a few beats.
   */
  static final int HEARTBEAT_SPREAD_PERCENT = 10;
  private final ClusterState state;
  private final Applications applications;
  private final Recovery recovery;
  private final Runnable requestSchedule;
  private final SplittableRandom spread = new SplittableRandom(20261205);

  Nodes(ClusterState state, Applications applications, Recovery recovery, Runnable requestSchedule) {
    this.state = requireNonNull(state);
    this.applications = requireNonNull(applications);
    this.recovery = requireNonNull(recovery);
    this.requestSchedule = requireNonNull(requestSchedule);
  }

  /** Registers a node; answers why it is refused (excluded by the hosts lists), or empty. */
  Optional<String> register(NodeRegistration registration) {
    if (registration.capability().memoryMb() <= 0 || registration.capability().vcores() <= 0) {
      throw WeftException.invalidArgument("node " + registration.nodeId() + " offers " + registration.capability()
          + "; its memory and vcores must both be positive");
    }
    state.settings.resourceTypes().requireKnown("node " + registration.nodeId() + " advertisement",
        registration.capability());
    if (state.hosts.excludes(registration.nodeId())) {
      LOG.info("node {} refused: it is excluded by the hosts lists ({})", registration.nodeId(), state.hosts);
      return Optional.of("node " + registration.nodeId() + " is excluded (decommissioned) by the ResourceManager's "
          + "hosts lists; take it off the exclude file and run 'weft rmadmin -refreshNodes' to let it in");
    }
    RmNode node = new RmNode(state.nodeNumbers.of(registration.nodeId()), registration.nodeId(),
        registration.httpAddress(), state.racks.rackOf(registration.nodeId()), registration.capability(),
        registration.logDir(), state.now(), state::nodeChanged, state::nodeReportChanged);
    state.applyPartition(node);
    RmNode previous = state.putNode(node);
    state.stale(node.id(), false);
    node.health(registration.healthy(), registration.healthReport());
    transition(node, new NodeEvent.Registered());
    if (!registration.healthy()) {
      transition(node, new NodeEvent.BecameUnhealthy());
    }
    Set<ContainerId> running = registration.running();
    Set<ContainerId> reported = registration.containers().stream().map(NodeHeartbeat.Reported::containerId)
        .collect(Collectors.toSet());
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
    state.nodeRegistered(node.id());
    LOG.info("node {} registered with {} (http {}), {} running container(s){}", node.id(), node.capability(),
        node.httpAddress(), running.size(), registration.healthy() ? "" : ", unhealthy: "
            + registration.healthReport());
    requestSchedule.run();
    return Optional.empty();
  }

  HeartbeatAnswer heartbeat(NodeHeartbeat heartbeat) {
    RmNode node = state.node(heartbeat.nodeId());
    if (node != null && node.state() == NodeState.DECOMMISSIONED) {
      return answer(0, HeartbeatAnswer.NodeAction.SHUTDOWN, List.of(), "node " + node.id()
          + " is decommissioned (excluded by the ResourceManager's hosts lists)");
    }
    if (node == null || !node.state().isActive()) {
      LOG.info("heartbeat from {} which is {}; asking it to register again", heartbeat.nodeId(),
          node == null ? "not registered" : node.state());
      return answer(0, HeartbeatAnswer.NodeAction.RESYNC, List.of(), "");
    }
    node.heard(state.now(), heartbeat.responseId() + 1);
    state.nodeHeard(node);
    node.utilization(heartbeat.utilization());
    if (state.stale(node.id(), false)) {
      LOG.info("node {} is heard again; it may be given containers", node.id());
      requestSchedule.run();
    }
    node.health(heartbeat.healthy(), heartbeat.healthReport());
    if (heartbeat.healthy() && node.state() == NodeState.UNHEALTHY) {
      transition(node, new NodeEvent.BecameHealthy());
    } else if (!heartbeat.healthy() && node.state() == NodeState.RUNNING) {
      LOG.warn("node {} reports itself unhealthy: {}", node.id(), heartbeat.healthReport());
      transition(node, new NodeEvent.BecameUnhealthy());
    }
    List<ContainerId> recorded = new ArrayList<>();
    for (NodeHeartbeat.Reported reported : heartbeat.containers()) {
      handleReported(node, reported);
      if (reported.complete()) {
        recorded.add(reported.containerId());
      }
    }
    return new HeartbeatAnswer(node.responseId(), HeartbeatAnswer.NodeAction.NORMAL,
        node.drainContainersToCleanup(), node.drainAppsToCleanup(), nextHeartbeat(), recorded,
        node.drainSignalsToSend(), "");
  }

  /** The configured interval, moved by up to {@link #HEARTBEAT_SPREAD_PERCENT} either way. */
  private Duration nextHeartbeat() {
    long interval = state.settings.heartbeatInterval().toMillis();
    long reach = interval * HEARTBEAT_SPREAD_PERCENT / 100;
    return Duration.ofMillis(interval - reach + spread.nextLong(2 * reach + 1));
  }

  private HeartbeatAnswer answer(int responseId, HeartbeatAnswer.NodeAction action, List<ContainerId> recorded,
      String diagnostics) {
    return new HeartbeatAnswer(responseId, action, List.of(), List.of(), state.settings.heartbeatInterval(),
        recorded, List.of(), diagnostics);
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

  void unregister(NodeId id) {
    RmNode node = state.nodes.get(id);
    if (node == null || !node.state().isActive()) {
      return;
    }
    transition(node, new NodeEvent.Unregistered());
    abort(containersOn(node), "Container lost: node " + id + " shut down");
  }

  /** Nodes silent for longer than the expiry become LOST; their containers complete as ABORTED. */
  void checkLiveness() {
    // Runs every tick: walks only the nodes silent past the expiry, not every node.
    for (RmNode node : state.activeNodesSilentSince(state.now().minus(state.settings.nodeExpiry()))) {
      LOG.warn("node {} has not heartbeated since {} (expiry {}); marking it LOST", node.id(), node.lastHeartbeat(),
          state.settings.nodeExpiry());
      transition(node, new NodeEvent.Expired());
      abort(containersOn(node), "Container released on a lost node " + node.id());
    }
  }

  /**
   * Active nodes silent for {@value #MISSED_HEARTBEATS_BEFORE_STALE} heartbeat intervals get no
   * new containers until they are heard again (they are LOST only after the liveness expiry).
   */
  void checkStaleness() {
    Duration grace = state.settings.heartbeatInterval().multipliedBy(MISSED_HEARTBEATS_BEFORE_STALE);
    for (RmNode node : state.activeNodesSilentSince(state.now().minus(grace))) {
      if (state.stale(node.id(), true)) {
        LOG.warn("node {} has not heartbeated since {} ({} missed intervals); no new containers go to it until "
            + "it is heard again", node.id(), node.lastHeartbeat(), MISSED_HEARTBEATS_BEFORE_STALE);
      }
    }
  }

  /** LOST, DECOMMISSIONED and SHUTDOWN nodes are forgotten (record and channel) after the retention time. */
  void pruneInactive() {
    for (RmNode node : state.nodesEndedBefore(state.now().minus(state.settings.nodeRemovalTimeout()))) {
      LOG.info("forgetting node {}, {} since {}", node.id(), node.state(), node.stateSince());
      state.forgetNode(node.id());
    }
  }

  /** Applies {@code event} to {@code node}; a change of state is told to the AMs and may free or take capacity. */
  void transition(RmNode node, NodeEvent event) {
    if (node.handle(event, state.now())) {
      state.fileByState(node);
      state.nodeStateChanged(node);
      requestSchedule.run();
    }
  }

  List<RmContainer> containersOn(RmNode node) {
    List<RmContainer> out = new ArrayList<>();
    for (ContainerId id : node.containers()) {
      RmContainer c = state.containers.get(id);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  /** Tells the container's AM (or its attempt, for the AM's own container) that it ended. */
  void completed(RmContainer container) {
    applications.containerCompleted(container);
  }

  void abort(List<RmContainer> containers, String diagnostics) {
    for (RmContainer container : containers) {
      if (state.endContainer(container, new ContainerEvent.Finished(), ExitStatus.ABORTED, diagnostics)) {
        applications.containerCompleted(container);
      }
    }
  }
}
