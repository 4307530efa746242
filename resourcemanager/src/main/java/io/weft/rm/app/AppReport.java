package io.weft.rm.app;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.time.Instant;
import java.util.List;

/**
 * An immutable snapshot of an application for clients. Optional parts are null when not known
 * yet ({@code currentAttempt}, {@code launchTime}, {@code finishTime}, {@code amContainer}, {@code amNode}).
 */
public record AppReport(ApplicationId id, ApplicationAttemptId currentAttempt, String user, String queue,
    String name, String type, List<String> tags, int priority, String amHost, int amRpcPort, AppState state,
    FinalStatus finalStatus, String diagnostics, String trackingUrl, String originalTrackingUrl,
    Instant submitTime, Instant launchTime, Instant finishTime, float progress, int usedContainers,
    Resource usedResources, Resource neededResources, ContainerId amContainer, NodeId amNode,
    String waitingReason) {
  public AppReport {
    tags = List.copyOf(tags);
  }
}
