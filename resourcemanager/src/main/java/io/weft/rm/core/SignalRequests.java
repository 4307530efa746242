package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ContainerSignal;
import io.weft.common.rpc.WeftException;
import io.weft.rm.app.RmApp;
import io.weft.rm.container.ContainerState;
import io.weft.rm.container.RmContainer;
import io.weft.rm.node.RmNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Users' signals to running containers (YARN's signalToContainer): checked here, queued on the
 * container's node, and sent by its NodeManager when its next heartbeat is answered. Nothing is
 * saved: a signal the RM forgets in a restart is one the user sees not to have happened, and sends again.
 */
final class SignalRequests {
  private static final Logger LOG = LogManager.getLogger();

  private final ClusterState state;

  SignalRequests(ClusterState state) {
    this.state = requireNonNull(state);
  }

  /**
   * Has {@code id}'s node send {@code signal} to it, for {@code user}, who must be allowed to kill its
   * application (its owner or an administrator of its queue). Returns the node the container is on.
   */
  NodeId signal(ContainerId id, ContainerSignal signal, String user) {
    ApplicationId appId = id.attemptId().applicationId();
    RmApp app = state.app(appId).orElseThrow(() -> WeftException.notFound("container " + id
        + " is not known: its application " + appId + " is not"));
    // who may not signal learns nothing of the application's containers
    state.queues.requireAdmin(app.queue(), user, app.submission().user(), "signal a container of", appId);
    RmContainer container = state.containers.get(id);
    if (container == null) {
      throw WeftException.notFound("container " + id + " is not known (or has ended and been forgotten)");
    }
    if (container.state() != ContainerState.RUNNING && container.state() != ContainerState.ACQUIRED) {
      throw WeftException.failedPrecondition("container " + id + " of " + appId + " is " + container.state()
          + "; only a running container can be signalled");
    }
    RmNode node = state.nodes.get(container.nodeId());
    if (node == null || !node.state().isActive()) {
      throw WeftException.failedPrecondition("container " + id + " is on node " + container.nodeId() + ", which is "
          + (node == null ? "not known" : node.state()) + "; it cannot be signalled");
    }
    LOG.info("user {} signals container {} on {}: {}", user, id, node.id(), signal);
    node.signalContainer(id, signal);
    return node.id();
  }
}
