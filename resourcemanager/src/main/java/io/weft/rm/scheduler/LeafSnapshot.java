package io.weft.rm.scheduler;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.util.List;
import java.util.Map;

/**
 * A leaf queue as the scheduler sees it in one pass: its limits in absolute resources and what
 * it holds now.
 *
 * @param running false when the queue is STOPPED: its applications that have no AM yet wait
 * @param absoluteCapacity the guaranteed fraction of the cluster (0–1), for ordering queues
 * @param ancestorMaximums the maximum of each parent queue, root first, with what each holds now
 */
public record LeafSnapshot(String path, boolean running, double absoluteCapacity, Resource guaranteed,
    Resource maximum, Resource amLimit, double maxAmShare, Resource userLimit, Resource used, Resource amUsed,
    Map<String, Resource> usedByUser, List<ParentLimit> ancestorMaximums) {
  public LeafSnapshot {
    requireNonNull(path);
    usedByUser = Map.copyOf(usedByUser);
    ancestorMaximums = List.copyOf(ancestorMaximums);
  }

  /** The queue's short name. */
  public String name() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** A parent queue's maximum capacity and what its leaves hold now. */
  public record ParentLimit(String path, Resource maximum, Resource used) {}
}
