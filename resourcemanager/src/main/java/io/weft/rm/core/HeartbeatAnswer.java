package io.weft.rm.core;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import java.time.Duration;
import java.util.List;

/**
 * What the RM tells an NM in answer to a heartbeat. {@code resync}: the NM must register again.
 * {@code containersToRemove}: completed containers the RM has recorded, which the NM may forget.
 */
public record HeartbeatAnswer(int responseId, boolean resync, List<ContainerId> containersToCleanup,
    List<ApplicationId> applicationsToCleanup, Duration nextHeartbeat, List<ContainerId> containersToRemove) {
  public HeartbeatAnswer {
    containersToCleanup = List.copyOf(containersToCleanup);
    applicationsToCleanup = List.copyOf(applicationsToCleanup);
    containersToRemove = List.copyOf(containersToRemove);
  }
}
