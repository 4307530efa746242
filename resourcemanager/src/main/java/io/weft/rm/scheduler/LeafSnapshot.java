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
 * @param partitions the node labels the queue may use, with its share of each (the limits above and
 *     {@code used} are those of the default partition)
 */
public record LeafSnapshot(String path, boolean running, double absoluteCapacity, Resource guaranteed,
    Resource maximum, Resource amLimit, double maxAmShare, Resource userLimit, Resource used, Resource amUsed,
    Map<String, Resource> usedByUser, List<ParentLimit> ancestorMaximums, Map<String, PartitionShare> partitions) {
  public LeafSnapshot {
    requireNonNull(path);
    usedByUser = Map.copyOf(usedByUser);
    ancestorMaximums = List.copyOf(ancestorMaximums);
    partitions = Map.copyOf(partitions);
  }

  /** A queue that may use no node label. */
  public LeafSnapshot(String path, boolean running, double absoluteCapacity, Resource guaranteed,
      Resource maximum, Resource amLimit, double maxAmShare, Resource userLimit, Resource used, Resource amUsed,
      Map<String, Resource> usedByUser, List<ParentLimit> ancestorMaximums) {
    this(path, running, absoluteCapacity, guaranteed, maximum, amLimit, maxAmShare, userLimit, used, amUsed,
        usedByUser, ancestorMaximums, Map.of());
  }

  /**
   * A queue's share of one labelled partition, in absolute resources of that partition's nodes.
   *
   * @param used what the queue's containers on the partition's nodes hold now
   * @param amLimit what its AM containers may hold there together (the AM share of its guarantee there)
   * @param amUsed what its AM containers on the partition's nodes hold now
   * @param userLimit what one user's containers may hold there (its guarantee there × user-limit-factor, within
   *     its maximum there), as YARN keeps the user limit per partition
   * @param usedByUser what each user's containers on the partition's nodes hold now
   */
  public record PartitionShare(String label, Resource guaranteed, Resource maximum, Resource used,
      Resource amLimit, Resource amUsed, Resource userLimit, Map<String, Resource> usedByUser) {
    public PartitionShare {
      requireNonNull(label);
      requireNonNull(guaranteed);
      requireNonNull(maximum);
      requireNonNull(used);
      requireNonNull(amLimit);
      requireNonNull(amUsed);
      requireNonNull(userLimit);
      usedByUser = Map.copyOf(usedByUser);
    }

    /** A share whose users may hold all of its maximum. */
    public PartitionShare(String label, Resource guaranteed, Resource maximum, Resource used, Resource amLimit,
        Resource amUsed) {
      this(label, guaranteed, maximum, used, amLimit, amUsed, maximum, Map.of());
    }

    /** A share without AM containers, whose AM share is the whole of it. */
    public PartitionShare(String label, Resource guaranteed, Resource maximum, Resource used) {
      this(label, guaranteed, maximum, used, guaranteed, Resource.NONE);
    }
  }

  /** The queue's short name. */
  public String name() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /**
   * A parent queue's maximum capacity and what its leaves hold now, in the default partition and in each label it
   * may use ({@code labelMaximums}, {@code labelUsed}): its children's maximums together may exceed its own.
   */
  public record ParentLimit(String path, Resource maximum, Resource used, Map<String, Resource> labelMaximums,
      Map<String, Resource> labelUsed) {
    public ParentLimit {
      labelMaximums = Map.copyOf(labelMaximums);
      labelUsed = Map.copyOf(labelUsed);
    }

    /** A parent in a cluster without labels. */
    public ParentLimit(String path, Resource maximum, Resource used) {
      this(path, maximum, used, Map.of(), Map.of());
    }
  }
}
