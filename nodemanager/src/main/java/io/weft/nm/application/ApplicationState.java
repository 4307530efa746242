package io.weft.nm.application;

import io.weft.common.rpc.WeftException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Lifecycle of an application on this node, with the names of YARN's NodeManager
 * {@code ApplicationState}. {@link #TRANSITIONS} is the one table of allowed moves; anything else throws.
 * Weft has no per-application initialization on a node (log aggregation needs none, there is no
 * application-wide localization), so an application passes NEW and INITING as its first container arrives.
 */
public enum ApplicationState {
  NEW,
  INITING,
  RUNNING,
  /** The RM said the application is over; its containers are being stopped. */
  FINISHING_CONTAINERS_WAIT,
  /** Every container is done; the application's working dirs are being deleted. */
  APPLICATION_RESOURCES_CLEANINGUP,
  FINISHED;

  private static final Map<ApplicationState, Set<ApplicationState>> TRANSITIONS =
      new EnumMap<>(ApplicationState.class);

  static {
    TRANSITIONS.put(NEW, EnumSet.of(INITING));
    TRANSITIONS.put(INITING, EnumSet.of(RUNNING));
    // Straight to cleaning up when no container of the application is left to stop.
    TRANSITIONS.put(RUNNING, EnumSet.of(FINISHING_CONTAINERS_WAIT, APPLICATION_RESOURCES_CLEANINGUP));
    TRANSITIONS.put(FINISHING_CONTAINERS_WAIT, EnumSet.of(APPLICATION_RESOURCES_CLEANINGUP));
    TRANSITIONS.put(APPLICATION_RESOURCES_CLEANINGUP, EnumSet.of(FINISHED));
    TRANSITIONS.put(FINISHED, EnumSet.noneOf(ApplicationState.class));
  }

  /** The states this one may move to. */
  public Set<ApplicationState> next() {
    return Set.copyOf(TRANSITIONS.get(this));
  }

  /** Throws when the table does not allow {@code this -> target}; {@code what} names the application. */
  public void requireMoveTo(ApplicationState target, Object what) {
    if (!TRANSITIONS.get(this).contains(target)) {
      throw WeftException.failedPrecondition(what + " cannot move from " + this + " to " + target
          + " (allowed: " + TRANSITIONS.get(this) + ")");
    }
  }

  /** The RM has said the application is over: it takes no new containers here. */
  public boolean hasEnded() {
    return this == FINISHING_CONTAINERS_WAIT || this == APPLICATION_RESOURCES_CLEANINGUP || this == FINISHED;
  }
}
