package io.weft.rm.app;

/** What the application itself (its AM, or the RM on its behalf) says of its outcome. */
public enum FinalStatus {
  UNDEFINED, SUCCEEDED, FAILED, KILLED, ENDED;

  /** The state a FINISHING application (its AM unregistered with this status) ends in. */
  public AppState endState() {
    return switch (this) {
      case FAILED -> AppState.FAILED;
      case KILLED -> AppState.KILLED;
      default -> AppState.FINISHED;
    };
  }
}
