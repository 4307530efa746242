package io.weft.rm.core;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import java.util.List;

/**
 * An AM's allocate call, in domain terms.
 *
 * @param responseId the id of the last answer the AM received (0 on its first call); see {@link AllocateAnswers}
 * @param blacklistAdditions nodes (node ids, or host names) none of the application's containers may go to from now on
 * @param blacklistRemovals nodes taken off that list
 */
public record AllocateCall(ApplicationAttemptId attemptId, int responseId, List<Ask> asks, List<ContainerId> releases,
    float progress, String trackingUrl, List<String> blacklistAdditions, List<String> blacklistRemovals) {
  public AllocateCall {
    asks = List.copyOf(asks);
    releases = List.copyOf(releases);
    blacklistAdditions = List.copyOf(blacklistAdditions);
    blacklistRemovals = List.copyOf(blacklistRemovals);
  }

  /** A call that leaves the blacklist as it is. */
  public AllocateCall(ApplicationAttemptId attemptId, int responseId, List<Ask> asks, List<ContainerId> releases,
      float progress, String trackingUrl) {
    this(attemptId, responseId, asks, releases, progress, trackingUrl, List.of(), List.of());
  }

  /**
   * YARN's ResourceRequest. For {@code resourceName} {@code *}, {@code count} is the total still
   * wanted for its key (priority, capability, allocation request id) and the options apply to the
   * ask; a host or rack name only says where containers of that key should go (count 0 drops it).
   *
   * @param relaxLocality on the {@code *} request: false = only the named hosts and racks will do
   * @param gangMinCount on the {@code *} request: at least this many placed at once, or none (0 = off)
   * @param gangTimeoutMs how long a gang may wait before the ask is withdrawn (0 = for ever)
   * @param antiAffinity spread the ask's containers over distinct nodes when possible
   * @param nodeLabelExpression on the {@code *} request: the node label its containers need ("" = the queue's
   *     default-node-label-expression, else nodes without a label)
   */
  public record Ask(int priority, String resourceName, Resource capability, int count, long allocationRequestId,
      boolean relaxLocality, int gangMinCount, long gangTimeoutMs, boolean antiAffinity, String nodeLabelExpression) {
    public Ask {
      nodeLabelExpression = nodeLabelExpression == null ? "" : nodeLabelExpression.strip();
    }

    /** An ask without a label expression. */
    public Ask(int priority, String resourceName, Resource capability, int count, long allocationRequestId,
        boolean relaxLocality, int gangMinCount, long gangTimeoutMs, boolean antiAffinity) {
      this(priority, resourceName, capability, count, allocationRequestId, relaxLocality, gangMinCount, gangTimeoutMs,
          antiAffinity, "");
    }

    /** A plain ask: relaxed locality, no gang, no anti-affinity. */
    public Ask(int priority, String resourceName, Resource capability, int count, long allocationRequestId) {
      this(priority, resourceName, capability, count, allocationRequestId, true, 0, 0, false);
    }
  }
}
