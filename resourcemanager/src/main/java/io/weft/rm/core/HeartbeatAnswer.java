package io.weft.rm.core;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.rm.node.ContainerSignalOrder;
import java.time.Duration;
import java.util.List;

/**
 * What the RM tells an NM in answer to a heartbeat: {@code action} RESYNC = register again,
 * SHUTDOWN = stop (decommissioned), with why in {@code diagnostics}. {@code containersToRemove}:
 * completed containers the RM has recorded, which the NM may forget; {@code signals}: what users asked
 * to be sent to its containers.
 */
public record HeartbeatAnswer(int responseId, NodeAction action, List<ContainerId> containersToCleanup,
    List<ApplicationId> applicationsToCleanup, Duration nextHeartbeat, List<ContainerId> containersToRemove,
    List<ContainerSignalOrder> signals, String diagnostics) {
  /** What the NM is to do besides heartbeating on. */
  public enum NodeAction { NORMAL, RESYNC, SHUTDOWN }

  public HeartbeatAnswer {
    java.util.Objects.requireNonNull(action);
    java.util.Objects.requireNonNull(diagnostics);
    containersToCleanup = List.copyOf(containersToCleanup);
    applicationsToCleanup = List.copyOf(applicationsToCleanup);
    containersToRemove = List.copyOf(containersToRemove);
    signals = List.copyOf(signals);
  }

  /** Whether it tells the node nothing but when to heartbeat next: most answers, which a stream may leave unsent. */
  public boolean saysNothing() {
    return action == NodeAction.NORMAL && containersToCleanup.isEmpty() && applicationsToCleanup.isEmpty()
        && containersToRemove.isEmpty() && signals.isEmpty() && diagnostics.isEmpty();
  }
}
