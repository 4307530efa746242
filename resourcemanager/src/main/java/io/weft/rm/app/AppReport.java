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
 * {@code lifetimeExpiry} is when the RM kills it for exceeding its lifetime, null without one.
 * {@code state} is the RM's own; {@code publicState} what clients see (YARN's mapping: FINAL_SAVING shows the
 * state it was in before, FINISHING the state it is ending in), the one filters match. {@code unmanagedAm}: its AM
 * runs in the submitting client (no AM container); {@code amrmTokenIssuable}: it is unmanaged and its current
 * attempt is ready for, or running, that AM, so its owner may be handed the attempt's AMRM token;
 * {@code amNodeLabelExpression}: the partition its AM containers go to ("" = nodes without a label);
 * {@code nodeLabelExpression}: the application's label, for its asks that name none ("" = the queue's default).
 */
public record AppReport(ApplicationId id, ApplicationAttemptId currentAttempt, String user, String queue,
    String name, String type, List<String> tags, int priority, String amHost, int amRpcPort, AppState state,
    FinalStatus finalStatus, String diagnostics, String trackingUrl, String originalTrackingUrl,
    Instant submitTime, Instant launchTime, Instant finishTime, float progress, int usedContainers,
    Resource usedResources, Resource neededResources, ContainerId amContainer, NodeId amNode,
    String waitingReason, Instant lifetimeExpiry, AppState publicState, boolean unmanagedAm,
    boolean amrmTokenIssuable, String amNodeLabelExpression, String nodeLabelExpression) {
  /** A report of an application whose AM the RM launches. */
  public AppReport(ApplicationId id, ApplicationAttemptId currentAttempt, String user, String queue,
      String name, String type, List<String> tags, int priority, String amHost, int amRpcPort, AppState state,
      FinalStatus finalStatus, String diagnostics, String trackingUrl, String originalTrackingUrl,
      Instant submitTime, Instant launchTime, Instant finishTime, float progress, int usedContainers,
      Resource usedResources, Resource neededResources, ContainerId amContainer, NodeId amNode,
      String waitingReason, Instant lifetimeExpiry, AppState publicState) {
    this(id, currentAttempt, user, queue, name, type, tags, priority, amHost, amRpcPort, state, finalStatus,
        diagnostics, trackingUrl, originalTrackingUrl, submitTime, launchTime, finishTime, progress, usedContainers,
        usedResources, neededResources, amContainer, amNode, waitingReason, lifetimeExpiry, publicState, false,
        false, "", "");
  }

  /** What a report shows in place of what its reader may not see (YARN's {@code N/A}). */
  public static final String UNAVAILABLE = "N/A";

  public AppReport {
    tags = List.copyOf(tags);
    if (!publicState.isPublic()) {
      throw new IllegalArgumentException("public state " + publicState + " is one of the RM's own states");
    }
  }

  /**
   * This report as YARN lists an application to a user who may not view it: who, what, where and when
   * (id, user, queue, name, type, tags, priority, state, final status, times) but nothing of its running
   * (attempt, AM host and port, tracking URLs, diagnostics, progress, containers, resources).
   */
  public AppReport withoutDetails() {
    return new AppReport(id, null, user, queue, name, type, tags, priority, UNAVAILABLE, -1, state, finalStatus,
        UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, submitTime, launchTime, finishTime, 0, 0, Resource.NONE,
        Resource.NONE, null, null, "", lifetimeExpiry, publicState, unmanagedAm, false, amNodeLabelExpression,
        nodeLabelExpression);
  }
}
