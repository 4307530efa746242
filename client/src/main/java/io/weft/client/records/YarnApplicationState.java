package io.weft.client.records;

/**
 * An application's state (YARN's {@code YarnApplicationState}). Weft adds FINAL_SAVING and FINISHING, which
 * YARN keeps inside the ResourceManager: the application is ending and its final state is being stored or its
 * AM is unregistering.
 */
public enum YarnApplicationState {
  /** Just created. */
  NEW,
  /** Being stored. */
  NEW_SAVING,
  /** Submitted, not yet accepted by the scheduler. */
  SUBMITTED,
  /** Accepted by the scheduler; waiting for its AM to start. */
  ACCEPTED,
  /** Its AM runs. */
  RUNNING,
  /** Its end is being stored (Weft only). */
  FINAL_SAVING,
  /** Its AM unregistered; containers are being cleaned up (Weft only). */
  FINISHING,
  /** Ended on its own; see the final status for how. */
  FINISHED,
  /** Failed (e.g. its attempts ran out). */
  FAILED,
  /** Killed by a user or the ResourceManager. */
  KILLED
}
