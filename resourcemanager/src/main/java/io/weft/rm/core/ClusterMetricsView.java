package io.weft.rm.core;

import io.weft.common.resource.Resource;

/**
 * Cluster-wide counts for GetClusterMetrics; {@code decommissioningNodes} and
 * {@code decommissionedNodes} count the nodes in those states.
 */
public record ClusterMetricsView(int nodes, int activeNodes, int lostNodes, int unhealthyNodes, int shutdownNodes,
    int appsSubmitted, int appsPending, int appsRunning, int appsCompleted, int appsFailed, int appsKilled,
    Resource total, Resource allocated, Resource available, int containersAllocated, int containersPending,
    int decommissioningNodes, int decommissionedNodes) {}
