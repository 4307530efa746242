package io.weft.rm.queue;

/** A queue's configured state: a STOPPED queue takes no new applications; running ones drain. */
public enum QueueState {
  RUNNING,
  STOPPED
}
