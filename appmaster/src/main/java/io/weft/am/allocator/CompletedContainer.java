package io.weft.am.allocator;

import io.weft.common.id.ContainerId;

/** A container that ended, with YARN's exit status (negative = decided by Weft, see {@link ExitStatus}). */
public record CompletedContainer(ContainerId id, int exitStatus, String diagnostics) {}
