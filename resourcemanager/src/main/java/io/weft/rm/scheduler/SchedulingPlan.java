package io.weft.rm.scheduler;

import io.weft.common.id.ApplicationAttemptId;
import java.util.List;
import java.util.Map;

/**
 * The result of a scheduling pass: placements to apply, and for each attempt left with demand it
 * could not place, why.
 */
public record SchedulingPlan(List<Placement> placements, Map<ApplicationAttemptId, String> waitingReasons) {
  public SchedulingPlan {
    placements = List.copyOf(placements);
    waitingReasons = Map.copyOf(waitingReasons);
  }
}
