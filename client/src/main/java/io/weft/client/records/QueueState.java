package io.weft.client.records;

/**
 * A queue's state (YARN's {@code QueueState}): a STOPPED queue takes no new applications; running ones
 * drain.
 */
public enum QueueState {
  RUNNING,
  STOPPED
}
