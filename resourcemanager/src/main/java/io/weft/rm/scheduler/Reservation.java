package io.weft.rm.scheduler;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.NodeId;

/**
 * A node held for one large ask that fits no node now: no other ask is placed on it until the
 * ask is placed there or withdrawn, so a stream of small asks cannot starve the large one.
 */
public record Reservation(NodeId nodeId, ApplicationAttemptId attemptId, AskKey key) {}
