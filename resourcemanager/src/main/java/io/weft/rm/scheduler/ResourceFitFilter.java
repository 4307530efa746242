package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;
import java.util.Map;

/** The node has the ask free in every dimension: memory, vcores and each other resource type it asks for. */
public final class ResourceFitFilter implements PlacementFilter {
  public static final String MEMORY = "not enough memory";
  public static final String VCORES = "not enough vcores";

  @Override
  public String rejection(NodeView node, PlacementContext context) {
    Resource ask = context.ask();
    Resource free = node.free();
    if (ask.memoryMb() > free.memoryMb()) {
      return MEMORY;
    }
    if (ask.vcores() > free.vcores()) {
      return VCORES;
    }
    for (Map.Entry<String, Long> e : ask.others().entrySet()) {
      if (e.getValue() > free.other(e.getKey())) {
        return "not enough " + e.getKey();
      }
    }
    return null;
  }
}
