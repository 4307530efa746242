package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceTypes;
import io.weft.rm.app.AttemptFailures;
import java.time.Duration;

/**
 * The RM core's validated configuration.
 *
 * @param trackingUrlBase {@code http://<webapp address>/proxy/}: an application's tracking URL is this + id + "/"
 * @param maxCompletedApplications ended applications kept (reports, containers); older ones are forgotten
 * @param containerAllocationExpiry how long a granted container may go unstarted before the RM takes it back
 * @param nodeRemovalTimeout how long a LOST, DECOMMISSIONED or SHUTDOWN node is kept (reports) before it is forgotten
 * @param gracefulDecommissionTimeout how long a gracefully decommissioned node may drain when no timeout is given
 * @param attemptFailures which failed attempts count against an application's max attempts
 * @param amLivenessExpiry how long an unmanaged AM may go without calling the RM before its attempt fails
 * @param resourceTypes the countable types besides memory and vcores that asks and nodes may name
 */
public record RmSettings(Resource minimumAllocation, Resource maximumAllocation, int maxAppAttempts,
    Duration heartbeatInterval, Duration nodeExpiry, Duration finishingTimeout, Duration allocateMaxWait,
    String trackingUrlBase, int maxCompletedApplications, Duration containerAllocationExpiry,
    Duration nodeRemovalTimeout, Duration gracefulDecommissionTimeout, AttemptFailures attemptFailures,
    Duration amLivenessExpiry, ResourceTypes resourceTypes) {
  /** YARN's default of {@code yarn.resourcemanager.max-completed-applications}. */
  public static final int DEFAULT_MAX_COMPLETED_APPLICATIONS = 1000;
  /** YARN's default of {@code yarn.resourcemanager.rm.container-allocation.expiry-interval-ms}. */
  public static final Duration DEFAULT_CONTAINER_ALLOCATION_EXPIRY = Duration.ofMinutes(10);
  /** YARN's default of {@code yarn.resourcemanager.node-removal-untracked.timeout-ms}. */
  public static final Duration DEFAULT_NODE_REMOVAL_TIMEOUT = Duration.ofMinutes(1);
  /** YARN's default of {@code yarn.resourcemanager.nodemanager-graceful-decommission-timeout-secs}. */
  public static final Duration DEFAULT_GRACEFUL_DECOMMISSION_TIMEOUT = Duration.ofHours(1);
  /** YARN's default of {@code yarn.am.liveness-monitor.expiry-interval-ms}. */
  public static final Duration DEFAULT_AM_LIVENESS_EXPIRY = Duration.ofMinutes(10);

  /** With no resource types besides memory and vcores. */
  public RmSettings(Resource minimumAllocation, Resource maximumAllocation, int maxAppAttempts,
      Duration heartbeatInterval, Duration nodeExpiry, Duration finishingTimeout, Duration allocateMaxWait,
      String trackingUrlBase, int maxCompletedApplications, Duration containerAllocationExpiry,
      Duration nodeRemovalTimeout, Duration gracefulDecommissionTimeout, AttemptFailures attemptFailures,
      Duration amLivenessExpiry) {
    this(minimumAllocation, maximumAllocation, maxAppAttempts, heartbeatInterval, nodeExpiry, finishingTimeout,
        allocateMaxWait, trackingUrlBase, maxCompletedApplications, containerAllocationExpiry, nodeRemovalTimeout,
        gracefulDecommissionTimeout, attemptFailures, amLivenessExpiry, ResourceTypes.NONE);
  }

  /** With YARN's AM liveness expiry. */
  public RmSettings(Resource minimumAllocation, Resource maximumAllocation, int maxAppAttempts,
      Duration heartbeatInterval, Duration nodeExpiry, Duration finishingTimeout, Duration allocateMaxWait,
      String trackingUrlBase, int maxCompletedApplications, Duration containerAllocationExpiry,
      Duration nodeRemovalTimeout, Duration gracefulDecommissionTimeout, AttemptFailures attemptFailures) {
    this(minimumAllocation, maximumAllocation, maxAppAttempts, heartbeatInterval, nodeExpiry, finishingTimeout,
        allocateMaxWait, trackingUrlBase, maxCompletedApplications, containerAllocationExpiry, nodeRemovalTimeout,
        gracefulDecommissionTimeout, attemptFailures, DEFAULT_AM_LIVENESS_EXPIRY);
  }

  public RmSettings(Resource minimumAllocation, Resource maximumAllocation, int maxAppAttempts,
      Duration heartbeatInterval, Duration nodeExpiry, Duration finishingTimeout, Duration allocateMaxWait,
      String trackingUrlBase) {
    this(minimumAllocation, maximumAllocation, maxAppAttempts, heartbeatInterval, nodeExpiry, finishingTimeout,
        allocateMaxWait, trackingUrlBase, DEFAULT_MAX_COMPLETED_APPLICATIONS, DEFAULT_CONTAINER_ALLOCATION_EXPIRY);
  }

  /** With YARN's defaults for node removal and graceful decommission, and every failed attempt counting. */
  public RmSettings(Resource minimumAllocation, Resource maximumAllocation, int maxAppAttempts,
      Duration heartbeatInterval, Duration nodeExpiry, Duration finishingTimeout, Duration allocateMaxWait,
      String trackingUrlBase, int maxCompletedApplications, Duration containerAllocationExpiry) {
    this(minimumAllocation, maximumAllocation, maxAppAttempts, heartbeatInterval, nodeExpiry, finishingTimeout,
        allocateMaxWait, trackingUrlBase, maxCompletedApplications, containerAllocationExpiry,
        DEFAULT_NODE_REMOVAL_TIMEOUT, DEFAULT_GRACEFUL_DECOMMISSION_TIMEOUT, AttemptFailures.ALL_COUNT);
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
    requireNonNull(nodeRemovalTimeout, "nodeRemovalTimeout");
    requireNonNull(gracefulDecommissionTimeout, "gracefulDecommissionTimeout");
    requireNonNull(attemptFailures, "attemptFailures");
    requireNonNull(amLivenessExpiry, "amLivenessExpiry");
    requireNonNull(resourceTypes, "resourceTypes");
    if (!minimumAllocation.fitsIn(maximumAllocation)) {
      throw new IllegalArgumentException("minimum allocation " + minimumAllocation
          + " exceeds the maximum allocation " + maximumAllocation);
    }
  }
}
