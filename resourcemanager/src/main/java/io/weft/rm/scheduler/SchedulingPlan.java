package io.weft.rm.scheduler;

import io.weft.common.id.ApplicationAttemptId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The result of a scheduling pass: placements to apply, for each attempt left with demand it could
 * not place why, which of those found no room (what preemption may help), the reservations that
 * stand, and when a locality wait ends (null: none), at which point another pass may place what
 * this one could not.
 */
public record SchedulingPlan(List<Placement> placements, Map<ApplicationAttemptId, String> waitingReasons,
    Set<ApplicationAttemptId> starved, List<Reservation> reservations, Instant nextWakeup) {
  public SchedulingPlan {
    placements = List.copyOf(placements);
    waitingReasons = Map.copyOf(waitingReasons);
    starved = Set.copyOf(starved);
    reservations = List.copyOf(reservations);
  }
}
