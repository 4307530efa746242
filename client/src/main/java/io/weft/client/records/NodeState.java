package io.weft.client.records;

/** A NodeManager's state (YARN's {@code NodeState}). */
public enum NodeState {
  NEW,
  RUNNING,
  /** Its health check fails; it gets no containers. */
  UNHEALTHY,
  /** Draining: no new containers; the running ones may finish. */
  DECOMMISSIONING,
  DECOMMISSIONED,
  /** It stopped heartbeating. */
  LOST,
  /** It left the cluster on its own. */
  SHUTDOWN,
  /** It restarted and registered again. */
  REBOOTED
}
