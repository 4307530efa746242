package io.weft.rm.ha;

/** What moves a ResourceManager between its HA states; applied one at a time on the HA thread. */
public sealed interface HaEvent {
  /** The ZooKeeper session is up (connected or reconnected): this RM takes part in the election. */
  record ZooKeeperConnected() implements HaEvent {}

  /** The ZooKeeper connection is suspended or the session lost: a leader must assume it no longer is one. */
  record ZooKeeperLost(String why) implements HaEvent {}

  /** The election made this RM the leader. */
  record Elected() implements HaEvent {}

  /** The election no longer names this RM leader. */
  record NotElected() implements HaEvent {}

  /** The state store found another RM has claimed it: this RM must stop writing and serving at once. */
  record Fenced(String why) implements HaEvent {}

  /** The active services could not be built or started (e.g. the store could not be loaded). */
  record ActivationFailed(String why) implements HaEvent {}

  /** An administrator asked this RM to hand over ({@code rmadmin -transitionToStandby}). */
  record HandOver() implements HaEvent {}

  /** The RM is shutting down. */
  record Stop() implements HaEvent {}
}
