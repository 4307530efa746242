package io.weft.am.allocator;

/**
 * How an executor's container ended. {@code requested}: the driver asked for it to be killed;
 * {@code launchFailed}: it never started.
 */
public record ExecutorEnd(String executorId, String containerId, int exitStatus, String diagnostics,
    boolean requested, boolean launchFailed, String reason) {}
