package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;

/**
 * Requests the RM gave up on and withdrew (YARN's {@code RejectedSchedulingRequest}): a gang it could
 * not place whole within its timeout. {@code count} containers at {@code priority} of
 * {@code capability} (as the RM normalized it) for {@code allocationRequestId}; {@code reason} says why,
 * for people.
 */
public record RejectedRequest(int priority, Resource capability, long allocationRequestId, int count, String reason) {
  public RejectedRequest {
    requireNonNull(capability, "capability");
    requireNonNull(reason, "reason");
  }
}
