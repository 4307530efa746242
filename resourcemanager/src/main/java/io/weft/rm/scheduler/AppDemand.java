package io.weft.rm.scheduler;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.NodeId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one application attempt still wants, in the order its asks should be served.
 *
 * @param queue the (unique) short name of its leaf queue
 * @param priority the application's priority: higher is served first within its queue
 * @param heldOn for its anti-affinity asks, the nodes that already hold containers of that ask
 * @param excluded nodes its AM excluded (YARN's blacklist): none of its containers go there
 */
public record AppDemand(ApplicationAttemptId attemptId, String queue, String user, int priority,
    List<PendingAsk> asks, Map<AskKey, Set<NodeId>> heldOn, Set<NodeId> excluded) {
  public AppDemand {
    requireNonNull(attemptId);
    requireNonNull(queue);
    requireNonNull(user);
    asks = List.copyOf(asks);
    heldOn = Map.copyOf(heldOn);
    excluded = Set.copyOf(excluded);
  }

  public AppDemand(ApplicationAttemptId attemptId, String queue, String user, int priority, List<PendingAsk> asks,
      Map<AskKey, Set<NodeId>> heldOn) {
    this(attemptId, queue, user, priority, asks, heldOn, Set.of());
  }

  public AppDemand(ApplicationAttemptId attemptId, String queue, String user, int priority, List<PendingAsk> asks) {
    this(attemptId, queue, user, priority, asks, Map.of());
  }
}
