package io.weft.rm.ha;

import static io.weft.rm.ha.HaServiceState.ACTIVE;
import static io.weft.rm.ha.HaServiceState.INITIALIZING;
import static io.weft.rm.ha.HaServiceState.STANDBY;
import static io.weft.rm.ha.HaServiceState.STOPPED;

import io.weft.rm.lifecycle.TransitionTable;

/** The HA states of a ResourceManager and what moves it between them. */
public final class HaLifecycle {
  public static final TransitionTable<HaServiceState, HaEvent> TABLE =
      TransitionTable.<HaServiceState, HaEvent>builder("ResourceManager", HaServiceState.class)
          .on(HaEvent.ZooKeeperConnected.class, STANDBY, INITIALIZING)
          .ignore(HaEvent.ZooKeeperConnected.class, STANDBY, ACTIVE, STOPPED)
          // LeaderLatch reports SUSPENDED/LOST as lost leadership too; an active RM steps down at the first of them
          .on(HaEvent.ZooKeeperLost.class, STANDBY, ACTIVE)
          .ignore(HaEvent.ZooKeeperLost.class, INITIALIZING, STANDBY, STOPPED)
          // the latch may elect before the connection event is delivered
          .on(HaEvent.Elected.class, ACTIVE, INITIALIZING, STANDBY)
          .ignore(HaEvent.Elected.class, ACTIVE, STOPPED)
          .on(HaEvent.NotElected.class, STANDBY, ACTIVE)
          .ignore(HaEvent.NotElected.class, INITIALIZING, STANDBY, STOPPED)
          .on(HaEvent.Fenced.class, STANDBY, ACTIVE)
          .ignore(HaEvent.Fenced.class, INITIALIZING, STANDBY, STOPPED)
          .on(HaEvent.ActivationFailed.class, STANDBY, ACTIVE)
          .ignore(HaEvent.ActivationFailed.class, INITIALIZING, STANDBY, STOPPED)
          .on(HaEvent.HandOver.class, STANDBY, ACTIVE)
          .ignore(HaEvent.HandOver.class, INITIALIZING, STANDBY, STOPPED)
          .on(HaEvent.Stop.class, STOPPED, INITIALIZING, STANDBY, ACTIVE)
          .ignore(HaEvent.Stop.class, STOPPED)
          .build();

  private HaLifecycle() {}
}
