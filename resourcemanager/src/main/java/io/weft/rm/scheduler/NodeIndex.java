package io.weft.rm.scheduler;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The schedulable nodes ordered by free memory, kept up to date incrementally by the RM core (a
 * node is re-filed only when it changes), so a pass costs O(placements × log nodes), never a scan
 * of the cluster. SPREAD takes the group with the most free memory, PACK the group with the least
 * free memory that holds the ask; within a group the lowest node id that also has the vcores wins.
 * A pass's tentative takes are logged and rolled back when the pass ends, so planning leaves the
 * index as it found it (the applier then commits against the real nodes). Confined to one thread.
 */
public final class NodeIndex {
  /** A key in the index; a null id is a probe that sorts before every node with that free memory. */
  private record Entry(long freeMb, NodeId id) {}

  private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::freeMb)
      .thenComparing(Entry::id, Comparator.nullsFirst(Comparator.naturalOrder()));
  private final TreeSet<Entry> byFree = new TreeSet<>(ORDER);
  private final Map<NodeId, NodeView> byId = new HashMap<>();
  private final Deque<NodeView> undo = new ArrayDeque<>();
  private Resource capacity = Resource.NONE;
  private Resource free = Resource.NONE;

  /** An index over {@code nodes} (a one-off snapshot, e.g. for a test). */
  public static NodeIndex of(Collection<NodeView> nodes) {
    NodeIndex index = new NodeIndex();
    nodes.forEach(index::put);
    return index;
  }

  /** Adds {@code node}, or re-files it with its new free resources. */
  public void put(NodeView node) {
    remove(node.nodeId());
    byFree.add(new Entry(node.free().memoryMb(), node.nodeId()));
    byId.put(node.nodeId(), node);
    capacity = capacity.add(node.capability());
    free = free.add(node.free());
  }

  /** Drops a node that is no longer schedulable; no-op when absent. */
  public void remove(NodeId id) {
    NodeView old = byId.remove(id);
    if (old != null) {
      byFree.remove(new Entry(old.free().memoryMb(), id));
      capacity = capacity.subtract(old.capability());
      free = free.subtract(old.free());
    }
  }

  /** Total capability of the indexed nodes. */
  public Resource capacity() {
    return capacity;
  }

  /** Total free resources of the indexed nodes. */
  public Resource free() {
    return free;
  }

  /** The node {@code policy} picks for {@code ask}, or null when none holds it. */
  NodeView choose(Resource ask, PlacementPolicy policy) {
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

  /** Tentatively takes {@code ask} off {@code node}, to be undone by {@link #rollback()}. */
  void take(NodeView node, Resource ask) {
    NodeView current = byId.get(node.nodeId());
    undo.push(current);
    put(current.withFree(current.free().subtract(ask)));
  }

  /** Undoes every tentative take since the last rollback, newest first. */
  void rollback() {
    while (!undo.isEmpty()) {
      put(undo.pop());
    }
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
