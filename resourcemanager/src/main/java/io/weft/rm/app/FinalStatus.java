package io.weft.rm.app;

/** What the application itself (its AM, or the RM on its behalf) says of its outcome. */
public enum FinalStatus {
  UNDEFINED, SUCCEEDED, FAILED, KILLED, ENDED
}
