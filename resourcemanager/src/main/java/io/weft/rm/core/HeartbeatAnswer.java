package io.weft.rm.core;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import java.time.Duration;
import java.util.List;

/** What the RM tells an NM in answer to a heartbeat. {@code resync}: the NM must register again. */
public record HeartbeatAnswer(int responseId, boolean resync, List<ContainerId> containersToCleanup,
    List<ApplicationId> applicationsToCleanup, Duration nextHeartbeat) {
  public HeartbeatAnswer {
    containersToCleanup = List.copyOf(containersToCleanup);
    applicationsToCleanup = List.copyOf(applicationsToCleanup);
  }
}
