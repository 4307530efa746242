package io.weft.rm.node;

/** What happens to a node. */
public sealed interface NodeEvent {
  record Registered() implements NodeEvent {}

  record BecameUnhealthy() implements NodeEvent {}

  record BecameHealthy() implements NodeEvent {}

  /** Silent for longer than the liveness expiry. */
  record Expired() implements NodeEvent {}

  /** The NM said goodbye. */
  record Unregistered() implements NodeEvent {}

  /** Excluded with a grace period: running containers may finish, no new ones come. */
  record DecommissionGracefully() implements NodeEvent {}

  /** Excluded at once, or drained, or out of grace: the NM is told to shut down. */
  record Decommissioned() implements NodeEvent {}

  /** Taken off the exclude list while still draining. */
  record Recommissioned() implements NodeEvent {}
}
