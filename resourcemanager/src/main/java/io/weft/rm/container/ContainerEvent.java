package io.weft.rm.container;

/** What happens to an RM container. */
public sealed interface ContainerEvent {
  /** The scheduler placed it on a node. */
  record Allocated() implements ContainerEvent {}

  /** Its AM (or the AM launcher) picked it up. */
  record Acquired() implements ContainerEvent {}

  /** Its NM reports it running. */
  record Started() implements ContainerEvent {}

  /** Its NM reports it complete, or its node was lost. */
  record Finished() implements ContainerEvent {}

  /** The AM gave it back. */
  record Released() implements ContainerEvent {}

  /** The RM stopped it (kill, application end, failed attempt). */
  record Killed() implements ContainerEvent {}

  /** Allocated but never launched in time. */
  record Expired() implements ContainerEvent {}
}
