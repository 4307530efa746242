package io.weft.nm.container;

import io.weft.common.id.ContainerId;

/** Told whenever a container changes state (e.g. to send a heartbeat at once). Must not block. */
@FunctionalInterface
public interface ContainerListener {
  void stateChanged(ContainerId containerId, ContainerState state);
}
