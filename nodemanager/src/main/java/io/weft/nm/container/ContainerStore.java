package io.weft.nm.container;

import io.weft.common.id.ContainerId;

/**
 * Where containers' records survive the NodeManager: written when a process starts and when it
 * completes, removed when the RM has recorded the completion. {@link #NONE} when recovery is off.
 * Implementations must not throw: a container keeps running when its record cannot be written.
 */
public interface ContainerStore {
  ContainerStore NONE = new ContainerStore() {
    @Override
    public void put(ContainerRecord record) { }

    @Override
    public void remove(ContainerId id) { }
  };

  void put(ContainerRecord record);

  void remove(ContainerId id);
}
