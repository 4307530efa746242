package io.weft.am.client;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;

/**
 * A container the RM granted (YARN's {@code Container}): where it is, its size, the request it
 * answers, and the container token (a serialized {@code weft.Token}) the NodeManager checks when
 * {@link NmClientAsync#startContainerAsync} starts it. Opaque to the AM otherwise.
 */
public record Container(ContainerId id, NodeId nodeId, String nodeHttpAddress, Resource resource, int priority,
    long allocationRequestId, byte[] containerToken) {
  public Container {
    requireNonNull(id, "id");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(nodeHttpAddress, "nodeHttpAddress");
    requireNonNull(resource, "resource");
    containerToken = containerToken.clone();
  }

  @Override
  public byte[] containerToken() {
    return containerToken.clone();
  }

  @Override
  public String toString() {
    return id + " on " + nodeId + " (" + resource + ")";
  }
}
