package io.weft.rm.app;

/** What happens to an application; the names appear in the transition log. */
public sealed interface AppEvent {
  /** Submitted: saving begins. */
  record Start() implements AppEvent {}

  /** The state store has the submission. */
  record Saved() implements AppEvent {}

  /** The scheduler took the application into its queue. */
  record Accepted() implements AppEvent {}

  record AttemptRegistered() implements AppEvent {}

  /** The AM said it is done (FinishApplicationMaster). */
  record AttemptUnregistered() implements AppEvent {}

  /** An attempt failed and another one starts. */
  record AttemptRetried() implements AppEvent {}

  /** An attempt failed and no attempts are left. */
  record AttemptsExhausted() implements AppEvent {}

  record Kill() implements AppEvent {}

  /** The final state is saved; the application now waits for its AM container to exit. */
  record FinalSavedFinishing() implements AppEvent {}

  record FinalSavedFailed() implements AppEvent {}

  record FinalSavedKilled() implements AppEvent {}

  /** The unregistered AM's container is gone; the outcome follows the final status. */
  record AttemptFinished() implements AppEvent {}

  record AttemptFinishedFailed() implements AppEvent {}

  record AttemptFinishedKilled() implements AppEvent {}

  /** Recovered from the state store before its AM registered. */
  record RecoverAccepted() implements AppEvent {}

  /** Recovered from the state store with a registered AM, which is told to resync. */
  record RecoverRunning() implements AppEvent {}

  record RecoverFinished() implements AppEvent {}

  record RecoverFailed() implements AppEvent {}

  record RecoverKilled() implements AppEvent {}

  /** The event that brings an application back from the state store in {@code state}. */
  public static AppEvent recovered(AppState state) {
    return switch (state) {
      case FINISHED -> new RecoverFinished();
      case FAILED -> new RecoverFailed();
      case KILLED -> new RecoverKilled();
      case RUNNING -> new RecoverRunning();
      case ACCEPTED -> new RecoverAccepted();
      default -> throw new IllegalArgumentException("an application is never recovered as " + state);
    };
  }

  /** The event that ends a FINISHING application with {@code status}. */
  public static AppEvent finished(FinalStatus status) {
    return switch (status.endState()) {
      case FAILED -> new AttemptFinishedFailed();
      case KILLED -> new AttemptFinishedKilled();
      default -> new AttemptFinished();
    };
  }
}
