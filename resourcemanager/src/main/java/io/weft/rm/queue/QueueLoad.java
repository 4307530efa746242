package io.weft.rm.queue;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.util.HashMap;
import java.util.Map;

/**
 * What a queue's (or a user's) active applications hold and still want: resources in live
 * containers, in their AM containers, asked for and not yet allocated, and held by reservations
 * (a node kept for one large ask); with the container counts of each. {@code pending} and {@code reserved} count
 * every partition; {@code pendingOnLabels} and {@code reservedOnLabels} are their parts on each node label (asks
 * naming the label, nodes carrying it).
 */
public record QueueLoad(Resource used, Resource amUsed, Resource pending, Resource reserved, int containers,
    int pendingContainers, int reservedContainers, Map<String, Resource> pendingOnLabels,
    Map<String, Resource> reservedOnLabels) {
  public static final QueueLoad NONE = new QueueLoad(Resource.NONE, Resource.NONE, Resource.NONE, Resource.NONE,
      0, 0, 0);

  public QueueLoad {
    requireNonNull(used);
    requireNonNull(amUsed);
    requireNonNull(pending);
    requireNonNull(reserved);
    pendingOnLabels = Map.copyOf(pendingOnLabels);
    reservedOnLabels = Map.copyOf(reservedOnLabels);
  }

  /** A load with nothing on labels. */
  public QueueLoad(Resource used, Resource amUsed, Resource pending, Resource reserved, int containers,
      int pendingContainers, int reservedContainers) {
    this(used, amUsed, pending, reserved, containers, pendingContainers, reservedContainers, Map.of(), Map.of());
  }

  public QueueLoad plus(QueueLoad o) {
    return new QueueLoad(used.add(o.used), amUsed.add(o.amUsed), pending.add(o.pending), reserved.add(o.reserved),
        containers + o.containers, pendingContainers + o.pendingContainers, reservedContainers + o.reservedContainers,
        combine(pendingOnLabels, o.pendingOnLabels, 1), combine(reservedOnLabels, o.reservedOnLabels, 1));
  }

  public QueueLoad minus(QueueLoad o) {
    return new QueueLoad(used.subtract(o.used), amUsed.subtract(o.amUsed), pending.subtract(o.pending),
        reserved.subtract(o.reserved), containers - o.containers, pendingContainers - o.pendingContainers,
        reservedContainers - o.reservedContainers, combine(pendingOnLabels, o.pendingOnLabels, -1),
        combine(reservedOnLabels, o.reservedOnLabels, -1));
  }

  /** What is pending on {@code label} (none for the default partition's ""). */
  public Resource pendingOn(String label) {
    return pendingOnLabels.getOrDefault(label, Resource.NONE);
  }

  public Resource reservedOn(String label) {
    return reservedOnLabels.getOrDefault(label, Resource.NONE);
  }

  /** What is pending in the default partition: all of it but what is on labels. */
  public Resource pendingOnDefault() {
    return pending.subtract(Partitions.sum(pendingOnLabels));
  }

  public Resource reservedOnDefault() {
    return reserved.subtract(Partitions.sum(reservedOnLabels));
  }

  /** {@code a} plus or minus {@code b}, per label; a label left with nothing is dropped. */
  private static Map<String, Resource> combine(Map<String, Resource> a, Map<String, Resource> b, int sign) {
    if (b.isEmpty()) {
      return a;
    }
    Map<String, Resource> out = new HashMap<>(a);
    b.forEach((label, r) -> out.merge(label, sign > 0 ? r : Resource.NONE.subtract(r), Resource::add));
    out.values().removeIf(Resource.NONE::equals);
    return out;
  }
}
