package io.weft.rm.app;

import static io.weft.rm.app.AttemptState.ALLOCATED;
import static io.weft.rm.app.AttemptState.FAILED;
import static io.weft.rm.app.AttemptState.FINISHED;
import static io.weft.rm.app.AttemptState.FINISHING;
import static io.weft.rm.app.AttemptState.KILLED;
import static io.weft.rm.app.AttemptState.LAUNCHED;
import static io.weft.rm.app.AttemptState.NEW;
import static io.weft.rm.app.AttemptState.RUNNING;
import static io.weft.rm.app.AttemptState.SCHEDULED;
import static io.weft.rm.app.AttemptState.SUBMITTED;

import io.weft.rm.lifecycle.TransitionTable;

/** The application attempt's transition table. */
public final class AttemptLifecycle {
  public static final TransitionTable<AttemptState, AttemptEvent> TABLE =
      TransitionTable.<AttemptState, AttemptEvent>builder("application attempt", AttemptState.class)
          .on(AttemptEvent.Start.class, SUBMITTED, NEW)
          .on(AttemptEvent.RecoverScheduled.class, SCHEDULED, NEW)
          .on(AttemptEvent.RecoverLaunched.class, LAUNCHED, NEW)
          .on(AttemptEvent.RecoverFinished.class, FINISHED, NEW)
          .on(AttemptEvent.RecoverFailed.class, FAILED, NEW)
          .on(AttemptEvent.RecoverKilled.class, KILLED, NEW)
          .on(AttemptEvent.Scheduled.class, SCHEDULED, SUBMITTED)
          .on(AttemptEvent.ContainerAllocated.class, ALLOCATED, SCHEDULED)
          .on(AttemptEvent.Launched.class, LAUNCHED, ALLOCATED)
          .on(AttemptEvent.LaunchFailed.class, FAILED, ALLOCATED)
          .on(AttemptEvent.UnmanagedLaunched.class, LAUNCHED, SUBMITTED)
          .on(AttemptEvent.UnmanagedUnregistered.class, FINISHED, RUNNING)
          .on(AttemptEvent.Expired.class, FAILED, LAUNCHED, RUNNING)
          // The AM may register before StartContainers has even answered.
          .on(AttemptEvent.Registered.class, RUNNING, ALLOCATED, LAUNCHED)
          .on(AttemptEvent.Unregistered.class, FINISHING, RUNNING)
          .on(AttemptEvent.AmContainerExited.class, FAILED, ALLOCATED, LAUNCHED, RUNNING)
          .on(AttemptEvent.AmContainerExited.class, FINISHED, FINISHING)
          .on(AttemptEvent.FinishingTimedOut.class, FINISHED, FINISHING)
          .on(AttemptEvent.Kill.class, KILLED, NEW, SUBMITTED, SCHEDULED, ALLOCATED, LAUNCHED, RUNNING)
          .ignore(AttemptEvent.Kill.class, FINISHING)
          .ignore(AttemptEvent.Launched.class, RUNNING, FINISHING, FINISHED, FAILED, KILLED)
          .ignore(AttemptEvent.LaunchFailed.class, RUNNING, FINISHING, FINISHED, FAILED, KILLED)
          .ignore(AttemptEvent.AmContainerExited.class, FINISHED, FAILED, KILLED)
          // Recovery brings back thousands at once; Recovery logs one line for them all.
          .quietly(AttemptEvent.RecoverScheduled.class,
              AttemptEvent.RecoverLaunched.class, AttemptEvent.RecoverFinished.class, AttemptEvent.RecoverFailed.class,
              AttemptEvent.RecoverKilled.class)
          .build();

  private AttemptLifecycle() {}
}
