package io.weft.nm.rpc;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;

/** What a verified container token grants: this container, for this user, with this resource. */
public record ContainerGrant(ContainerId containerId, String user, Resource resource) {
  public ContainerGrant {
    requireNonNull(containerId);
    requireNonNull(user);
    requireNonNull(resource);
  }
}
