package io.weft.rm.core;

import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceTypes;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The largest container the RM grants: memory and vcores as configured, and of each extra resource type
 * ({@code weft.resource-types}) the most any active node advertises, capped by the type's configured maximum
 * when there is one, as YARN's ClusterNodeTracker caps the maximum allocation by the largest node. Until some
 * node is active a type is bounded only by its configured maximum, so asks re-sent after an RM restart wait for
 * nodes rather than being refused.
 */
final class MaximumAllocation {
  private MaximumAllocation() {}

  /** {@code activeCapabilities} feeds the capability of every active node to the consumer it is given. */
  static Resource of(RmSettings settings, Consumer<Consumer<Resource>> activeCapabilities) {
    Resource configured = settings.maximumAllocation();
    ResourceTypes types = settings.resourceTypes();
    if (types.names().isEmpty()) {
      return configured;
    }
    Map<String, Long> largest = new TreeMap<>();
    boolean[] anyNode = {false};
    activeCapabilities.accept(capability -> {
      anyNode[0] = true;
      for (String type : types.names()) {
        largest.merge(type, capability.other(type), Math::max);
      }
    });
    Map<String, Long> maximum = new TreeMap<>();
    for (String type : types.names()) {
      long cap = configured.others().getOrDefault(type, Long.MAX_VALUE);
      maximum.put(type, anyNode[0] ? Math.min(cap, largest.get(type)) : cap);
    }
    return new Resource(configured.memoryMb(), configured.vcores(), maximum);
  }
}
