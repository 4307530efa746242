package io.weft.am.allocator;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;

/** A container the RM granted; {@code containerToken} is the serialized token the NM checks. */
public record AllocatedContainer(ContainerId id, NodeId nodeId, Resource resource, byte[] containerToken) {}
