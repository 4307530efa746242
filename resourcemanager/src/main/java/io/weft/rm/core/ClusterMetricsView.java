package io.weft.rm.core;

import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceUtilization;

/**
 * Cluster-wide counts for GetClusterMetrics; {@code decommissioningNodes} and
 * {@code decommissionedNodes} count the nodes in those states.
 *
 * @param pending what the applications' outstanding asks add up to
 * @param reserved what the asks that hold a node reserved ask for; {@code containersReserved} how many
 * @param containersMeasured what the active NMs last measured their containers using, together
 * @param hostsMeasured what the active NMs last measured their whole hosts using, together
 * @param containersAssignedLastSecond containers granted in the second before this view
 * @param coreQueueSize commands waiting for the RM core's thread
 * @param coreBusyPercent share of the last second the RM core's thread was busy
 */
public record ClusterMetricsView(int nodes, int activeNodes, int lostNodes, int unhealthyNodes, int shutdownNodes,
    int appsSubmitted, int appsPending, int appsRunning, int appsCompleted, int appsFailed, int appsKilled,
    Resource total, Resource allocated, Resource available, int containersAllocated, int containersPending,
    int decommissioningNodes, int decommissionedNodes, Resource pending, Resource reserved, int containersReserved,
    ResourceUtilization containersMeasured, ResourceUtilization hostsMeasured, int containersAssignedLastSecond,
    int coreQueueSize, int coreBusyPercent) {}
