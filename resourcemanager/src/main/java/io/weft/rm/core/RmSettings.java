package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.time.Duration;

/**
 * The RM core's validated configuration.
 *
 * @param trackingUrlBase {@code http://<webapp address>/proxy/}: an application's tracking URL is this + id + "/"
 * @param maxCompletedApplications ended applications kept (reports, containers); older ones are forgotten
 * @param containerAllocationExpiry how long a granted container may go unstarted before the RM takes it back
 */
public record RmSettings(Resource minimumAllocation, Resource maximumAllocation, int maxAppAttempts,
    Duration heartbeatInterval, Duration nodeExpiry, Duration finishingTimeout, Duration allocateMaxWait,
    String trackingUrlBase, int maxCompletedApplications, Duration containerAllocationExpiry) {
  /** YARN's default of {@code yarn.resourcemanager.max-completed-applications}. */
  public static final int DEFAULT_MAX_COMPLETED_APPLICATIONS = 1000;
  /** YARN's default of {@code yarn.resourcemanager.rm.container-allocation.expiry-interval-ms}. */
  public static final Duration DEFAULT_CONTAINER_ALLOCATION_EXPIRY = Duration.ofMinutes(10);

  public RmSettings(Resource minimumAllocation, Resource maximumAllocation, int maxAppAttempts,
      Duration heartbeatInterval, Duration nodeExpiry, Duration finishingTimeout, Duration allocateMaxWait,
      String trackingUrlBase) {
    this(minimumAllocation, maximumAllocation, maxAppAttempts, heartbeatInterval, nodeExpiry, finishingTimeout,
        allocateMaxWait, trackingUrlBase, DEFAULT_MAX_COMPLETED_APPLICATIONS, DEFAULT_CONTAINER_ALLOCATION_EXPIRY);
  }

  public RmSettings {
    if (maxCompletedApplications < 0) {
      throw new IllegalArgumentException("maxCompletedApplications must not be negative, got "
          + maxCompletedApplications);
    }
    requireNonNull(minimumAllocation, "minimumAllocation");
    requireNonNull(maximumAllocation, "maximumAllocation");
    requireNonNull(heartbeatInterval, "heartbeatInterval");
    requireNonNull(nodeExpiry, "nodeExpiry");
    requireNonNull(finishingTimeout, "finishingTimeout");
    requireNonNull(allocateMaxWait, "allocateMaxWait");
    requireNonNull(trackingUrlBase, "trackingUrlBase");
    requireNonNull(containerAllocationExpiry, "containerAllocationExpiry");
    if (!minimumAllocation.fitsIn(maximumAllocation)) {
      throw new IllegalArgumentException("minimum allocation " + minimumAllocation
          + " exceeds the maximum allocation " + maximumAllocation);
    }
  }
}
