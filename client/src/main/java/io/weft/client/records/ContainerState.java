package io.weft.client.records;

/** A container's state (YARN's {@code ContainerState}). */
public enum ContainerState {
  NEW,
  RUNNING,
  /** Ended; see the exit status. */
  COMPLETE,
  /** Granted, waiting to start. */
  SCHEDULED
}
