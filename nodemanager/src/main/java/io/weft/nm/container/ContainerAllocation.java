package io.weft.nm.container;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What the RM decided about a container beyond its resource, kept so that a restarted RM can
 * rebuild its books from the node's report (YARN's NMContainerStatus fields). The container token
 * carries the priority and expiry; it carries no allocation request id (reported as 0, the
 * default request) and no creation time, so {@code creationTime} is when this node accepted it.
 */
public record ContainerAllocation(int priority, long allocationRequestId, Instant creationTime, Instant tokenExpiry) {
  public ContainerAllocation {
    requireNonNull(creationTime);
    requireNonNull(tokenExpiry);
  }
}
