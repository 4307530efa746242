package io.weft.rm.app;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import java.time.Instant;
import java.util.List;

/**
 * An immutable snapshot of an attempt. Null when not known yet: AM container/node, finish time.
 *
 * @param blacklistedNodes the nodes (ids or host names) its AM excluded
 */
public record AttemptReport(ApplicationAttemptId id, AttemptState state, ContainerId amContainer, NodeId amNode,
    String amNodeHttpAddress, String host, int rpcPort, String trackingUrl, String diagnostics, Instant startTime,
    Instant finishTime, List<String> blacklistedNodes) {
  public AttemptReport {
    blacklistedNodes = List.copyOf(blacklistedNodes);
  }
}
