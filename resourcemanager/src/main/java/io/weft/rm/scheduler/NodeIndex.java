package io.weft.rm.scheduler;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The pass's private copy of the nodes' free resources, ordered by free memory so that picking a
 * node costs O(log n) rather than a scan: SPREAD takes the group with the most free memory, PACK
 * the group with the least free memory that holds the ask; within a group the lowest node id that
 * also has the vcores wins. Mutable, owned by one pass.
 */
final class NodeIndex {
  /** A key in the index; a null id is a probe that sorts before every node with that free memory. */
  private record Entry(long freeMb, NodeId id) {}

  private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::freeMb)
      .thenComparing(Entry::id, Comparator.nullsFirst(Comparator.naturalOrder()));
  private final TreeSet<Entry> byFree = new TreeSet<>(ORDER);
  private final Map<NodeId, NodeView> byId = new HashMap<>();
  private final PlacementPolicy policy;

  NodeIndex(Collection<NodeView> nodes, PlacementPolicy policy) {
    this.policy = policy;
    for (NodeView node : nodes) {
      byFree.add(new Entry(node.free().memoryMb(), node.nodeId()));
      byId.put(node.nodeId(), node);
    }
  }

  /** The node the policy picks for {@code ask}, or null when none holds it. */
  NodeView choose(Resource ask) {
    Entry group = policy == PlacementPolicy.SPREAD ? byFree.isEmpty() ? null : byFree.last()
        : byFree.ceiling(new Entry(ask.memoryMb(), null));
    while (group != null && group.freeMb() >= ask.memoryMb()) {
      long mem = group.freeMb();
      for (Entry e : byFree.tailSet(new Entry(mem, null), true)) {
        if (e.freeMb() != mem) {
          break;
        }
        NodeView node = byId.get(e.id());
        if (ask.fitsIn(node.free())) {
          return node;
        }
      }
      group = policy == PlacementPolicy.SPREAD ? byFree.lower(new Entry(mem, null))
          : byFree.ceiling(new Entry(mem + 1, null));
    }
    return null;
  }

  /** Takes {@code ask} off {@code node}'s free resources. */
  void take(NodeView node, Resource ask) {
    NodeView current = byId.get(node.nodeId());
    byFree.remove(new Entry(current.free().memoryMb(), current.nodeId()));
    NodeView after = current.withFree(current.free().subtract(ask));
    byFree.add(new Entry(after.free().memoryMb(), after.nodeId()));
    byId.put(after.nodeId(), after);
  }

  /** The node with the most free memory (lowest id among equals), or null without nodes. */
  NodeView mostFreeMemory() {
    if (byFree.isEmpty()) {
      return null;
    }
    Entry first = byFree.ceiling(new Entry(byFree.last().freeMb(), null));
    return byId.get(first.id());
  }

  Collection<NodeView> nodes() {
    return byId.values();
  }
}
