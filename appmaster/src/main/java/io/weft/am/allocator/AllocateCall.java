package io.weft.am.allocator;

import io.weft.common.id.ContainerId;
import java.time.Duration;
import java.util.List;

/** One Allocate request. */
public record AllocateCall(int responseId, List<ContainerAsk> asks, List<ContainerId> releases, Duration maxWait,
    float progress) {
  public AllocateCall {
    asks = List.copyOf(asks);
    releases = List.copyOf(releases);
  }
}
