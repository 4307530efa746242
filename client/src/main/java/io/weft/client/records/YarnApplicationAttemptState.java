package io.weft.client.records;

/**
 * An application attempt's state (YARN's {@code YarnApplicationAttemptState}; Weft has no separate
 * saving states).
 */
public enum YarnApplicationAttemptState {
  NEW,
  SUBMITTED,
  /** Waiting for its AM container. */
  SCHEDULED,
  /** Its AM container is granted. */
  ALLOCATED,
  /** Its AM container is started. */
  LAUNCHED,
  /** Its AM registered. */
  RUNNING,
  /** Its AM unregistered. */
  FINISHING,
  FINISHED,
  FAILED,
  KILLED
}
