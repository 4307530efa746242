package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.rm.container.Allocation;
import java.time.Instant;

/** Everything the AM launcher needs to start an attempt's AM container. */
public record AmLaunch(ApplicationAttemptId attemptId, Allocation container, byte[] launchContext,
    Instant submitTime, int maxAttempts) {
  public AmLaunch {
    requireNonNull(attemptId, "attemptId");
    requireNonNull(container, "container");
    launchContext = launchContext.clone();
    requireNonNull(submitTime, "submitTime");
  }

  @Override
  public byte[] launchContext() {
    return launchContext.clone();
  }
}
