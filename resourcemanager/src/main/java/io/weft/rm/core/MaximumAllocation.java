package io.weft.rm.core;

import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceTypes;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The largest container the RM grants: memory and vcores as configured, and of each extra resource type
 * ({@code weft.resource-types}) the most any active node advertises, as YARN's ClusterNodeTracker caps the
 * maximum allocation by the largest node (with its per-type configured maximum left at its default, unbounded).
 * Until some node is active every type is unbounded, so asks re-sent after an RM restart wait for nodes
 * rather than being refused.
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
    if (!anyNode[0]) {
      types.names().forEach(type -> largest.put(type, Long.MAX_VALUE));
    }
    return new Resource(configured.memoryMb(), configured.vcores(), largest);
  }
}
