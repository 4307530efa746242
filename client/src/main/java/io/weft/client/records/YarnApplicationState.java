package io.weft.client.records;

/**
 * An application's state (YARN's {@code YarnApplicationState}). FINAL_SAVING and FINISHING are kept for
 * source compatibility only: the ResourceManager keeps them inside, as YARN does, and reports the state the
 * application shows instead (the one before while its end is stored, FINISHED while its AM exits).
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
  /** Never reported: an application whose end is being stored shows the state it was in. */
  FINAL_SAVING,
  /** Never reported: an application whose AM unregistered shows FINISHED. */
  FINISHING,
  /** Ended on its own; see the final status for how. */
  FINISHED,
  /** Failed (e.g. its attempts ran out). */
  FAILED,
  /** Killed by a user or the ResourceManager. */
  KILLED
}
