package io.weft.rm.app;

/** An application attempt's state, with YARN's names. */
public enum AttemptState {
  NEW, SUBMITTED, SCHEDULED, ALLOCATED, LAUNCHED, RUNNING, FINISHING, FINISHED, FAILED, KILLED;

  public boolean isFinal() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }
}
