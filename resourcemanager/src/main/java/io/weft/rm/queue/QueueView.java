package io.weft.rm.queue;

import io.weft.common.resource.Resource;
import java.util.List;

/**
 * An immutable report of one queue and (when asked) its children, for clients and the console.
 * Capacities are fractions 0–1: of the parent ({@code capacity}, {@code maximumCapacity}) or of
 * the cluster ({@code absolute*}); {@code currentCapacity} is used / guaranteed.
 */
public record QueueView(String name, String path, boolean leaf, float capacity, float maximumCapacity,
    float absoluteCapacity, float absoluteMaximumCapacity, float currentCapacity, float absoluteUsedCapacity,
    Resource used, QueueState state, int numApplications, int numPendingApplications, int numActiveApplications,
    float userLimitFactor, int maxApplications, float maxAmResourcePercent, String submitAcl, String adminAcl,
    List<QueueView> children) {
  public QueueView {
    children = List.copyOf(children);
  }
}
