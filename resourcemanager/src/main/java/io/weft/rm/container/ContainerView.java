package io.weft.rm.container;

import java.time.Instant;

/** An immutable snapshot of an RM container, for reports. {@code finished} is null while it lives. */
public record ContainerView(Allocation allocation, ContainerState state, int exitStatus, String diagnostics,
    Instant created, Instant finished) {}
