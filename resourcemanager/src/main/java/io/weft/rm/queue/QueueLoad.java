package io.weft.rm.queue;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;

/**
 * What a queue's (or a user's) active applications hold and still want: resources in live
 * containers, in their AM containers, asked for and not yet allocated, and held by reservations
 * (a node kept for one large ask); with the container counts of each.
 */
public record QueueLoad(Resource used, Resource amUsed, Resource pending, Resource reserved, int containers,
    int pendingContainers, int reservedContainers) {
  public static final QueueLoad NONE = new QueueLoad(Resource.NONE, Resource.NONE, Resource.NONE, Resource.NONE,
      0, 0, 0);

  public QueueLoad {
    requireNonNull(used);
    requireNonNull(amUsed);
    requireNonNull(pending);
    requireNonNull(reserved);
  }

  public QueueLoad plus(QueueLoad o) {
    return new QueueLoad(used.add(o.used), amUsed.add(o.amUsed), pending.add(o.pending), reserved.add(o.reserved),
        containers + o.containers, pendingContainers + o.pendingContainers, reservedContainers + o.reservedContainers);
  }

  public QueueLoad minus(QueueLoad o) {
    return new QueueLoad(used.subtract(o.used), amUsed.subtract(o.amUsed), pending.subtract(o.pending),
        reserved.subtract(o.reserved), containers - o.containers, pendingContainers - o.pendingContainers,
        reservedContainers - o.reservedContainers);
  }
}
