package io.weft.am.allocator;

import io.weft.common.resource.Resource;

/**
 * An ask as the RM keeps it: the total still wanted for (priority, resource name, capability,
 * allocation request id).
 */
public record ContainerAsk(int priority, String resourceName, Resource capability, int count, boolean relaxLocality,
    long allocationRequestId) {
  public ContainerAsk(int priority, String resourceName, Resource capability, int count, boolean relaxLocality) {
    this(priority, resourceName, capability, count, relaxLocality, 0);
  }
}
