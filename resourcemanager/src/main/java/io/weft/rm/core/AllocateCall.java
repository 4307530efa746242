package io.weft.rm.core;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import java.util.List;

/** An AM's allocate call, in domain terms. */
public record AllocateCall(ApplicationAttemptId attemptId, List<Ask> asks, List<ContainerId> releases,
    float progress, String trackingUrl) {
  public AllocateCall {
    asks = List.copyOf(asks);
    releases = List.copyOf(releases);
  }

  /** YARN's ResourceRequest: {@code count} is the total still wanted for its key. */
  public record Ask(int priority, String resourceName, Resource capability, int count, long allocationRequestId) {}
}
