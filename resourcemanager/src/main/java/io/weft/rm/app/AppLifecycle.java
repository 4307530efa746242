package io.weft.rm.app;

import static io.weft.rm.app.AppState.ACCEPTED;
import static io.weft.rm.app.AppState.FAILED;
import static io.weft.rm.app.AppState.FINAL_SAVING;
import static io.weft.rm.app.AppState.FINISHED;
import static io.weft.rm.app.AppState.FINISHING;
import static io.weft.rm.app.AppState.KILLED;
import static io.weft.rm.app.AppState.NEW;
import static io.weft.rm.app.AppState.NEW_SAVING;
import static io.weft.rm.app.AppState.RUNNING;
import static io.weft.rm.app.AppState.SUBMITTED;

import io.weft.rm.lifecycle.TransitionTable;

/** The application's transition table. */
public final class AppLifecycle {
  public static final TransitionTable<AppState, AppEvent> TABLE = TransitionTable.<AppState, AppEvent>builder(
          "application", AppState.class)
      .on(AppEvent.Start.class, NEW_SAVING, NEW)
      .on(AppEvent.RecoverAccepted.class, ACCEPTED, NEW)
      .on(AppEvent.RecoverRunning.class, RUNNING, NEW)
      .on(AppEvent.RecoverFinished.class, FINISHED, NEW)
      .on(AppEvent.RecoverFailed.class, FAILED, NEW)
      .on(AppEvent.RecoverKilled.class, KILLED, NEW)
      .on(AppEvent.Saved.class, SUBMITTED, NEW_SAVING)
      .on(AppEvent.Accepted.class, ACCEPTED, SUBMITTED)
      .on(AppEvent.AttemptRegistered.class, RUNNING, ACCEPTED)
      .on(AppEvent.AttemptRetried.class, ACCEPTED, ACCEPTED, RUNNING)
      .on(AppEvent.AttemptsExhausted.class, FINAL_SAVING, ACCEPTED, RUNNING)
      .on(AppEvent.AttemptUnregistered.class, FINAL_SAVING, RUNNING)
      .on(AppEvent.Kill.class, FINAL_SAVING, NEW_SAVING, SUBMITTED, ACCEPTED, RUNNING)
      .on(AppEvent.FinalSavedFinishing.class, FINISHING, FINAL_SAVING)
      .on(AppEvent.FinalSavedFailed.class, FAILED, FINAL_SAVING)
      .on(AppEvent.FinalSavedKilled.class, KILLED, FINAL_SAVING)
      .on(AppEvent.AttemptFinished.class, FINISHED, FINISHING)
      .on(AppEvent.AttemptFinishedFailed.class, FAILED, FINISHING)
      .on(AppEvent.AttemptFinishedKilled.class, KILLED, FINISHING)
      // A kill of an application already on its way out changes nothing.
      .ignore(AppEvent.Kill.class, FINAL_SAVING, FINISHING)
      // A save that completes after a kill overtook it.
      .ignore(AppEvent.Saved.class, FINAL_SAVING, KILLED)
      // Recovery brings back thousands at once; Recovery logs one line for them all.
      .quietly(AppEvent.RecoverAccepted.class, AppEvent.RecoverRunning.class,
          AppEvent.RecoverFinished.class, AppEvent.RecoverFailed.class, AppEvent.RecoverKilled.class)
      .build();

  private AppLifecycle() {}
}
