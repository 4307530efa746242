package io.weft.rm.node;

/** A NodeManager's state as the RM sees it (YARN's node states, without REBOOTED). */
public enum NodeState {
  NEW, RUNNING, UNHEALTHY, DECOMMISSIONING, DECOMMISSIONED, LOST, SHUTDOWN;

  /** True when new containers may be placed on the node. */
  public boolean isSchedulable() {
    return this == RUNNING;
  }

  /** True while the node heartbeats and may hold containers. */
  public boolean isActive() {
    return this == RUNNING || this == UNHEALTHY || this == DECOMMISSIONING;
  }

  /** True for the states a node leaves only by registering again (then as a new record). */
  public boolean isInactive() {
    return this == DECOMMISSIONED || this == LOST || this == SHUTDOWN;
  }
}
