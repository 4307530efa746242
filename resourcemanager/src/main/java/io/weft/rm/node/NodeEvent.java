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
}
