package io.weft.rm.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the capacity scheduler places and takes back containers.
 *
 * @param nodeLocalityDelay how long an ask naming hosts waits for a slot on one of them
 * @param rackLocalityDelay how much longer it then waits for a slot in one of their racks before any node will do
 * @param reservationMinNodeShare the smallest ask that reserves a node when none has room, as a dominant share of
 *     that node's capability (0–1): small asks never reserve, so they keep following queue shares
 * @param preemption whether containers of queues over their guarantee are taken back for starved queues
 * @param preemptionGrace how long an AM has, once told, to give a container back before it is killed
 * @param racks which rack each node is in
 */
public record SchedulerSettings(PlacementPolicy policy, Duration nodeLocalityDelay, Duration rackLocalityDelay,
    double reservationMinNodeShare, boolean preemption, Duration preemptionGrace, RackMapping racks) {
  public SchedulerSettings {
    requireNonNull(policy);
    requireNonNull(nodeLocalityDelay);
    requireNonNull(rackLocalityDelay);
    requireNonNull(preemptionGrace);
    requireNonNull(racks);
    if (reservationMinNodeShare < 0 || reservationMinNodeShare > 1) {
      throw new IllegalArgumentException("reservation share " + reservationMinNodeShare + " is outside 0..1");
    }
  }

  /**
   * The defaults: 3 s for a node-local slot, 3 s more for a rack-local one, asks of a quarter of a
   * node or more reserve, no preemption (15 s grace when on), one rack.
   */
  public static SchedulerSettings defaults(PlacementPolicy policy) {
    return new SchedulerSettings(policy, Duration.ofSeconds(3), Duration.ofSeconds(3), 0.25, false,
        Duration.ofSeconds(15), RackMapping.NONE);
  }
}
