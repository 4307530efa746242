package io.weft.rm.core;

import io.weft.common.resource.Resource;

/** Cluster-wide counts for GetClusterMetrics. */
public record ClusterMetricsView(int nodes, int activeNodes, int lostNodes, int unhealthyNodes, int shutdownNodes,
    int appsSubmitted, int appsPending, int appsRunning, int appsCompleted, int appsFailed, int appsKilled,
    Resource total, Resource allocated, Resource available, int containersAllocated, int containersPending) {}
