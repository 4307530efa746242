package io.weft.rm.container;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;

/** A container's completion as its AM hears of it. */
public record CompletedContainer(ContainerId containerId, int exitStatus, String diagnostics, Resource capability) {}
