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

  record Registered() implements AttemptEvent {}

  record Unregistered() implements AttemptEvent {}

  /** The AM container completed (exit reported by its NM, or its node was lost). */
  record AmContainerExited() implements AttemptEvent {}

  /** An unregistered AM's container did not exit in time and was stopped. */
  record FinishingTimedOut() implements AttemptEvent {}

  record Kill() implements AttemptEvent {}
}
