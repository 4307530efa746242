package io.weft.rm.scheduler;

import io.weft.common.id.ApplicationAttemptId;
import java.util.List;

/** What one application attempt still wants, in the order its asks should be served. */
public record AppDemand(ApplicationAttemptId attemptId, List<PendingAsk> asks) {
  public AppDemand {
    asks = List.copyOf(asks);
  }
}
