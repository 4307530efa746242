package io.weft.client.records;

/** How an application ended, as its AM said (YARN's {@code FinalApplicationStatus}). */
public enum FinalApplicationStatus {
  /** Not ended yet. */
  UNDEFINED,
  SUCCEEDED,
  FAILED,
  KILLED,
  /** Ended without success or failure (long-running services). */
  ENDED
}
