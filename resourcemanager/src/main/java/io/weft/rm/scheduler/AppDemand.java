package io.weft.rm.scheduler;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import java.util.List;

/**
 * What one application attempt still wants, in the order its asks should be served.
 *
 * @param queue the (unique) short name of its leaf queue
 * @param priority the application's priority: higher is served first within its queue
 */
public record AppDemand(ApplicationAttemptId attemptId, String queue, String user, int priority,
    List<PendingAsk> asks) {
  public AppDemand {
    requireNonNull(attemptId);
    requireNonNull(queue);
    requireNonNull(user);
    asks = List.copyOf(asks);
  }
}
