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

  /** The event that ends a FINISHING application with {@code status}. */
  static AppEvent finished(FinalStatus status) {
    return switch (status) {
      case FAILED -> new AttemptFinishedFailed();
      case KILLED -> new AttemptFinishedKilled();
      default -> new AttemptFinished();
    };
  }
}
