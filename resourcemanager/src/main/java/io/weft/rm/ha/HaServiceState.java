package io.weft.rm.ha;

import java.util.Locale;

/** A ResourceManager's HA state, YARN's {@code HAServiceState}. */
public enum HaServiceState {
  /** Started, not yet in the election (ZooKeeper not reached yet). */
  INITIALIZING,
  /** In the election, not the leader: serves nothing but the HA admin calls, /ws/v1/cluster/info and /metrics. */
  STANDBY,
  /** The leader: recovered the store and serves. */
  ACTIVE,
  /** Closed. */
  STOPPED;

  /** As {@code yarn rmadmin -getServiceState} prints it: {@code active}, {@code standby}, ... */
  public String display() {
    return name().toLowerCase(Locale.ROOT);
  }
}
