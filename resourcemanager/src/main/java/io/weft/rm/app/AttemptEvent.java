package io.weft.rm.app;

/** What happens to an application attempt. */
public sealed interface AttemptEvent {
  record Start() implements AttemptEvent {}

  /** The AM container ask is with the scheduler. */
  record Scheduled() implements AttemptEvent {}

  record ContainerAllocated() implements AttemptEvent {}

  /** The NM accepted StartContainers for the AM container. */
  record Launched() implements AttemptEvent {}

  record LaunchFailed() implements AttemptEvent {}

  /**
   * An unmanaged AM's attempt is ready: there is no container to place or launch; its AMRM token goes to the
   * submitter, who runs the AM (YARN's LAUNCHED_UNMANAGED_SAVING then LAUNCHED).
   */
  record UnmanagedLaunched() implements AttemptEvent {}

  /** An unmanaged AM unregistered: with no container to wait for, the attempt is over at once. */
  record UnmanagedUnregistered() implements AttemptEvent {}

  /** An unmanaged AM was not heard from within the AM liveness expiry (YARN's AMLivelinessMonitor EXPIRE). */
  record Expired() implements AttemptEvent {}

  record Registered() implements AttemptEvent {}

  record Unregistered() implements AttemptEvent {}

  /** The AM container completed (exit reported by its NM, or its node was lost). */
  record AmContainerExited() implements AttemptEvent {}

  /** An unregistered AM's container did not exit in time and was stopped. */
  record FinishingTimedOut() implements AttemptEvent {}

  record Kill() implements AttemptEvent {}

  /** Recovered from the state store before its AM container was allocated: it is asked for again. */
  record RecoverScheduled() implements AttemptEvent {}

  /** Recovered with an AM container, which its NM is expected to report, and whose AM is told to resync. */
  record RecoverLaunched() implements AttemptEvent {}

  record RecoverFinished() implements AttemptEvent {}

  record RecoverFailed() implements AttemptEvent {}

  record RecoverKilled() implements AttemptEvent {}

  /** The event that brings an attempt back from the state store, saved in {@code state}. */
  public static AttemptEvent recovered(AttemptState state) {
    return switch (state) {
      case NEW, SUBMITTED, SCHEDULED -> new RecoverScheduled();
      case ALLOCATED, LAUNCHED, RUNNING, FINISHING -> new RecoverLaunched();
      case FINISHED -> new RecoverFinished();
      case FAILED -> new RecoverFailed();
      case KILLED -> new RecoverKilled();
    };
  }
}
