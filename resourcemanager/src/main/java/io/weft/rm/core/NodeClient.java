package io.weft.rm.core;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** How the RM core reaches NodeManagers (their ContainerManagementService). */
public interface NodeClient extends AutoCloseable {
  /** Starts an AM container; fails with the NM's reason when it refuses. */
  CompletableFuture<Void> launchAm(AmLaunch launch);

  /** Asks a node to stop containers, recording {@code exitStatus}; failures are only logged. */
  void stopContainers(NodeId node, List<ContainerId> containers, int exitStatus, String diagnostics);

  /**
   * {@code node} (re)registered: it is listening now, so a connection still backing off from its
   * earlier death must try again at once rather than fail the next launch.
   */
  default void nodeRegistered(NodeId node) {}

  /** The RM has forgotten {@code node} (pruned after its retention time): release what reaches it. */
  default void nodeRemoved(NodeId node) {}

  @Override
  void close();
}
