package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.time.Duration;

/**
 * The RM core's validated configuration.
 *
 * @param trackingUrlBase {@code http://<webapp address>/proxy/}: an application's tracking URL is this + id + "/"
 */
public record RmSettings(Resource minimumAllocation, Resource maximumAllocation, int maxAppAttempts,
    Duration heartbeatInterval, Duration nodeExpiry, Duration finishingTimeout, Duration allocateMaxWait,
    String trackingUrlBase) {
  public RmSettings {
    requireNonNull(minimumAllocation, "minimumAllocation");
    requireNonNull(maximumAllocation, "maximumAllocation");
    requireNonNull(heartbeatInterval, "heartbeatInterval");
    requireNonNull(nodeExpiry, "nodeExpiry");
    requireNonNull(finishingTimeout, "finishingTimeout");
    requireNonNull(allocateMaxWait, "allocateMaxWait");
    requireNonNull(trackingUrlBase, "trackingUrlBase");
    if (!minimumAllocation.fitsIn(maximumAllocation)) {
      throw new IllegalArgumentException("minimum allocation " + minimumAllocation
          + " exceeds the maximum allocation " + maximumAllocation);
    }
  }
}
