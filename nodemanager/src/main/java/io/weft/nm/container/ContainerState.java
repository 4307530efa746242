package io.weft.nm.container;

import io.weft.common.rpc.WeftException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Lifecycle of a container on this node, with YARN's state names. {@link #TRANSITIONS} is the one
 * table of allowed moves; anything else throws. A container starts in NEW when the NM is asked to
 * run it, or in RECOVERED when a restarted NM rebuilds it from its recovery store.
 */
public enum ContainerState {
  NEW,
  RECOVERED,
  LOCALIZING,
  SCHEDULED,
  RUNNING,
  KILLING,
  EXITED_WITH_SUCCESS,
  EXITED_WITH_FAILURE,
  DONE;

  private static final Map<ContainerState, Set<ContainerState>> TRANSITIONS = new EnumMap<>(ContainerState.class);

  static {
    TRANSITIONS.put(NEW, EnumSet.of(LOCALIZING, KILLING));
    // Re-attached to its live process, or found completed (exit code file, or gone without one).
    TRANSITIONS.put(RECOVERED, EnumSet.of(RUNNING, EXITED_WITH_SUCCESS, EXITED_WITH_FAILURE));
    // A localization failure completes the container without a process.
    TRANSITIONS.put(LOCALIZING, EnumSet.of(SCHEDULED, KILLING, EXITED_WITH_FAILURE));
    // A launch failure (script cannot be written, process cannot start) likewise.
    TRANSITIONS.put(SCHEDULED, EnumSet.of(RUNNING, KILLING, EXITED_WITH_FAILURE));
    TRANSITIONS.put(RUNNING, EnumSet.of(KILLING, EXITED_WITH_SUCCESS, EXITED_WITH_FAILURE));
    // A killed container always ends as a failure, with the exit status the stop asked for.
    TRANSITIONS.put(KILLING, EnumSet.of(EXITED_WITH_FAILURE));
    TRANSITIONS.put(EXITED_WITH_SUCCESS, EnumSet.of(DONE));
    TRANSITIONS.put(EXITED_WITH_FAILURE, EnumSet.of(DONE));
    TRANSITIONS.put(DONE, EnumSet.noneOf(ContainerState.class));
  }

  /** The states this one may move to. */
  public Set<ContainerState> next() {
    return Set.copyOf(TRANSITIONS.get(this));
  }

  public boolean canMoveTo(ContainerState target) {
    return TRANSITIONS.get(this).contains(target);
  }

  /** Throws when the table does not allow {@code this -> target}; {@code what} names the container. */
  public void requireMoveTo(ContainerState target, Object what) {
    if (!canMoveTo(target)) {
      throw WeftException.failedPrecondition(what + " cannot move from " + this + " to " + target
          + " (allowed: " + TRANSITIONS.get(this) + ")");
    }
  }

  /** The states a container starts in. */
  public static Set<ContainerState> initial() {
    return EnumSet.of(NEW, RECOVERED);
  }

  /** The process has exited (or never ran) and the exit status is final. */
  public boolean isCompleted() {
    return this == EXITED_WITH_SUCCESS || this == EXITED_WITH_FAILURE || this == DONE;
  }
}
