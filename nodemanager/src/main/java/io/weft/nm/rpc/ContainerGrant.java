package io.weft.nm.rpc;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import java.time.Instant;

/**
 * What a verified container token grants: this container, for this user, with this resource, at
 * this priority, until {@code expiry}; {@code verifiedAt} is when this node accepted it.
 */
public record ContainerGrant(ContainerId containerId, String user, Resource resource, int priority,
    long allocationRequestId, Instant created, Instant expiry, Instant verifiedAt) {
  public ContainerGrant {
    requireNonNull(containerId);
    requireNonNull(user);
    requireNonNull(resource);
    requireNonNull(created);
    requireNonNull(expiry);
    requireNonNull(verifiedAt);
  }
}
