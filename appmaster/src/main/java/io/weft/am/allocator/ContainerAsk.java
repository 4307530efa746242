package io.weft.am.allocator;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.time.Duration;

/**
 * An ask as the RM keeps it: the total still wanted for (priority, resource name, capability,
 * allocation request id), and, on the {@code "*"} ask, how its containers must be placed: a gang
 * ({@code gangMinCount} at once or none, given up after {@code gangTimeout}; 0 = no gang) and
 * anti-affinity (each on a node of its own when possible).
 */
public record ContainerAsk(int priority, String resourceName, Resource capability, int count, boolean relaxLocality,
    long allocationRequestId, int gangMinCount, Duration gangTimeout, boolean antiAffinity,
    String nodeLabelExpression) {
  public ContainerAsk {
    requireNonNull(gangTimeout, "gangTimeout");
    nodeLabelExpression = nodeLabelExpression == null ? "" : nodeLabelExpression.strip();
  }

  /** An ask without a node label expression (the queue's default label, else nodes without one). */
  public ContainerAsk(int priority, String resourceName, Resource capability, int count, boolean relaxLocality,
      long allocationRequestId, int gangMinCount, Duration gangTimeout, boolean antiAffinity) {
    this(priority, resourceName, capability, count, relaxLocality, allocationRequestId, gangMinCount, gangTimeout,
        antiAffinity, "");
  }

  public ContainerAsk(int priority, String resourceName, Resource capability, int count, boolean relaxLocality,
      long allocationRequestId) {
    this(priority, resourceName, capability, count, relaxLocality, allocationRequestId, 0, Duration.ZERO, false);
  }

  public ContainerAsk(int priority, String resourceName, Resource capability, int count, boolean relaxLocality) {
    this(priority, resourceName, capability, count, relaxLocality, 0);
  }
}
