package io.weft.rm.scheduler;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.NodeId;

/** One container the plan puts on a node ({@code nodeNumber}: its {@link NodeView#number()}). */
public record Placement(ApplicationAttemptId attemptId, AskKey key, NodeId nodeId, int nodeNumber,
    boolean amContainer) {}
