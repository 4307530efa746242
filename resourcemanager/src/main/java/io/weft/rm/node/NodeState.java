package io.weft.rm.node;

/** A NodeManager's state as the RM sees it (decommissioning comes later). */
public enum NodeState {
  NEW, RUNNING, UNHEALTHY, LOST, SHUTDOWN;

  /** True when new containers may be placed on the node. */
  public boolean isSchedulable() {
    return this == RUNNING;
  }

  public boolean isActive() {
    return this == RUNNING || this == UNHEALTHY;
  }
}
