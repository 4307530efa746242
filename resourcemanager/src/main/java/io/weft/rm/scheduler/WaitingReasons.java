package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;
import java.util.Collection;
import java.util.Comparator;

/** Human sentences saying why an ask cannot be placed now. */
public final class WaitingReasons {
  private WaitingReasons() {}

  public static String noPlacement(Resource ask, Collection<NodeView> nodes) {
    if (nodes.isEmpty()) {
      return "no NodeManager is running to place " + ask.memoryMb() + " MB, " + ask.vcores() + " vcores";
    }
    NodeView mostMemory = nodes.stream()
        .max(Comparator.comparingLong((NodeView n) -> n.free().memoryMb())
            .thenComparing(NodeView::nodeId, Comparator.reverseOrder()))
        .orElseThrow();
    if (mostMemory.free().memoryMb() < ask.memoryMb()) {
      return "no node has " + ask.memoryMb() + " MB free (largest free: " + mostMemory.free().memoryMb()
          + " MB on " + mostMemory.nodeId() + ")";
    }
    NodeView mostCores = nodes.stream()
        .max(Comparator.comparingInt((NodeView n) -> n.free().vcores())
            .thenComparing(NodeView::nodeId, Comparator.reverseOrder()))
        .orElseThrow();
    if (mostCores.free().vcores() < ask.vcores()) {
      return "no node has " + ask.vcores() + " vcores free (largest free: " + mostCores.free().vcores()
          + " vcores on " + mostCores.nodeId() + ")";
    }
    return "no node has both " + ask.memoryMb() + " MB and " + ask.vcores() + " vcores free";
  }
}
