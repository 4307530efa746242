package io.weft.rm.scheduler;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.Set;

/**
 * What the filters and scorers know about one container being placed. The sets are the pass's own
 * (not copied, for speed): plugins only read them.
 *
 * @param ask the container's resources (memory, vcores and any other resource types)
 * @param locality where the ask wants its containers
 * @param level how far delay scheduling lets the ask go now: named hosts, their racks, or anywhere
 * @param racks at {@link Level#RACK}, the racks that count as local (named ones and those of named hosts)
 * @param excluded nodes the application excluded (its blacklist): never used
 * @param avoid nodes holding the ask's containers, when it wants anti-affinity (a preference: the
 *     scheduler asks again without them when only they have room)
 * @param reserved nodes reserved for other asks: they look full to everyone else
 * @param largestFreeMb the most free memory any node has now, for scorers that scale free memory to 0–100
 * @param partition the node label the ask needs ({@link NodeView#DEFAULT_PARTITION}: nodes without one)
 */
public record PlacementContext(Resource ask, Locality locality, Level level, Set<String> racks, Set<NodeId> excluded,
    Set<NodeId> avoid, Set<NodeId> reserved, long largestFreeMb, String partition) {
  /** Delay scheduling's levels. */
  public enum Level {
    NODE,
    RACK,
    ANY
  }

  public PlacementContext {
    requireNonNull(ask);
    requireNonNull(locality);
    requireNonNull(level);
    requireNonNull(racks);
    requireNonNull(excluded);
    requireNonNull(avoid);
    requireNonNull(reserved);
    requireNonNull(partition);
  }

  /** A context for the default partition. */
  public PlacementContext(Resource ask, Locality locality, Level level, Set<String> racks, Set<NodeId> excluded,
      Set<NodeId> avoid, Set<NodeId> reserved, long largestFreeMb) {
    this(ask, locality, level, racks, excluded, avoid, reserved, largestFreeMb, NodeView.DEFAULT_PARTITION);
  }

  /** The same container asked for in {@code wanted} (a partition). */
  public PlacementContext inPartition(String wanted) {
    return new PlacementContext(ask, locality, level, racks, excluded, avoid, reserved, largestFreeMb, wanted);
  }

  /** An ask for anywhere with nothing excluded, avoided or reserved (for tests and one-off checks). */
  public static PlacementContext anywhere(Resource ask, long largestFreeMb) {
    return new PlacementContext(ask, Locality.ANY, Level.ANY, Set.of(), Set.of(), Set.of(), Set.of(), largestFreeMb);
  }

  /** The same container without the anti-affinity preference. */
  PlacementContext withoutAvoid() {
    return avoid.isEmpty() ? this : new PlacementContext(ask, locality, level, racks, excluded, Set.of(), reserved,
        largestFreeMb, partition);
  }

  /** True when {@code node} is on a host the ask names (by host name or node id). */
  boolean onNamedHost(NodeView node) {
    return locality.hosts().contains(node.nodeId().host()) || locality.hosts().contains(node.nodeId().toString());
  }
}
