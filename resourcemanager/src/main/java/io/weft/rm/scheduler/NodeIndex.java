package io.weft.rm.scheduler;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The schedulable nodes ordered by free memory, kept up to date incrementally by the RM core (a
 * node is re-filed only when it changes), so a pass costs O(placements × log nodes), never a scan
 * of the cluster. SPREAD takes the group with the most free memory, PACK the group with the least
 * free memory that holds the ask; within a group the lowest node id that also has the vcores wins.
 * Nodes are also filed by host and by rack, for asks that name them. A pass's tentative takes are
 * logged and rolled back when the pass ends, so planning leaves the index as it found it (the
 * applier then commits against the real nodes). Confined to one thread.
 */
public final class NodeIndex {
  /** A key in the index; a null id is a probe that sorts before every node with that free memory. */
  private record Entry(long freeMb, NodeId id) {}

  private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::freeMb)
      .thenComparing(Entry::id, Comparator.nullsFirst(Comparator.naturalOrder()));
  private final TreeSet<Entry> byFree = new TreeSet<>(ORDER);
  private final Map<NodeId, NodeView> byId = new HashMap<>();
  /** Host name and {@code host:port} to the nodes they name. */
  private final Map<String, TreeSet<NodeId>> byHost = new HashMap<>();
  private final Map<String, TreeSet<NodeId>> byRack = new HashMap<>();
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
    NodeView old = byId.get(node.nodeId());
    if (old != null && !old.rack().equals(node.rack())) {
      remove(node.nodeId());
      old = null;
    }
    if (old == null) {
      byHost.computeIfAbsent(node.nodeId().host(), h -> new TreeSet<>()).add(node.nodeId());
      byHost.computeIfAbsent(node.nodeId().toString(), h -> new TreeSet<>()).add(node.nodeId());
      byRack.computeIfAbsent(node.rack(), r -> new TreeSet<>()).add(node.nodeId());
    } else {
      byFree.remove(new Entry(old.free().memoryMb(), old.nodeId()));
      capacity = capacity.subtract(old.capability());
      free = free.subtract(old.free());
    }
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
      unfile(byHost, id.host(), id);
      unfile(byHost, id.toString(), id);
      unfile(byRack, old.rack(), id);
    }
  }

  private static void unfile(Map<String, TreeSet<NodeId>> map, String key, NodeId id) {
    TreeSet<NodeId> ids = map.get(key);
    if (ids != null && ids.remove(id) && ids.isEmpty()) {
      map.remove(key);
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
    return choose(ask, policy, Set.of());
  }

  /** The node {@code policy} picks for {@code ask} outside {@code avoid}, or null when none holds it. */
  NodeView choose(Resource ask, PlacementPolicy policy, Set<NodeId> avoid) {
    Entry group = policy == PlacementPolicy.SPREAD ? byFree.isEmpty() ? null : byFree.last()
        : byFree.ceiling(new Entry(ask.memoryMb(), null));
    while (group != null && group.freeMb() >= ask.memoryMb()) {
      long mem = group.freeMb();
      for (Entry e : byFree.tailSet(new Entry(mem, null), true)) {
        if (e.freeMb() != mem) {
          break;
        }
        NodeView node = byId.get(e.id());
        if (ask.fitsIn(node.free()) && !avoid.contains(e.id())) {
          return node;
        }
      }
      group = policy == PlacementPolicy.SPREAD ? byFree.lower(new Entry(mem, null))
          : byFree.ceiling(new Entry(mem + 1, null));
    }
    return null;
  }

  /**
   * The node {@code policy} picks for {@code ask} among {@code candidates} (outside {@code avoid}),
   * or null: a scan of the candidates, which are the few nodes an ask names.
   */
  NodeView chooseAmong(Collection<NodeId> candidates, Resource ask, PlacementPolicy policy, Set<NodeId> avoid) {
    NodeView best = null;
    for (NodeId id : candidates) {
      NodeView node = byId.get(id);
      if (node == null || avoid.contains(id) || !ask.fitsIn(node.free())) {
        continue;
      }
      long mem = node.free().memoryMb();
      if (best == null || (policy == PlacementPolicy.SPREAD ? mem > best.free().memoryMb()
          : mem < best.free().memoryMb())) {
        best = node; // candidates come in id order, so equals keep the lower id
      }
    }
    return best;
  }

  /** The nodes a host name or node id names, in id order. */
  Set<NodeId> onHost(String host) {
    return byHost.getOrDefault(host, EMPTY);
  }

  /** The nodes in {@code rack}, in id order. */
  Set<NodeId> inRack(String rack) {
    return byRack.getOrDefault(rack, EMPTY);
  }

  private static final TreeSet<NodeId> EMPTY = new TreeSet<>();

  NodeView node(NodeId id) {
    return byId.get(id);
  }

  /**
   * The node to reserve for {@code ask}: the one with the most free memory (lowest id among
   * equals) whose capability holds the ask, outside {@code taken}; or null when no node ever could.
   */
  NodeView reservable(Resource ask, Set<NodeId> taken) {
    Entry group = byFree.isEmpty() ? null : byFree.last();
    while (group != null) {
      long mem = group.freeMb();
      for (Entry e : byFree.tailSet(new Entry(mem, null), true)) {
        if (e.freeMb() != mem) {
          break;
        }
        NodeView node = byId.get(e.id());
        if (!taken.contains(e.id()) && ask.fitsIn(node.capability())) {
          return node;
        }
      }
      group = byFree.lower(new Entry(mem, null));
    }
    return null;
  }

  /** Tentatively takes {@code ask} off {@code node}, to be undone by {@link #rollback()}. */
  void take(NodeView node, Resource ask) {
    NodeView current = byId.get(node.nodeId());
    setFree(current, current.free().subtract(ask));
  }

  /** Tentatively sets what {@code node} has free (e.g. none, while it is reserved), to be undone. */
  void setFree(NodeView node, Resource newFree) {
    NodeView current = byId.get(node.nodeId());
    undo.push(current);
    put(current.withFree(newFree));
  }

  /** How many tentative changes there are, for {@link #rollbackTo(int)}. */
  int mark() {
    return undo.size();
  }

  /** Undoes the tentative changes made since {@code mark}, newest first. */
  void rollbackTo(int mark) {
    while (undo.size() > mark) {
      put(undo.pop());
    }
  }

  /** Undoes every tentative take since the last rollback, newest first. */
  void rollback() {
    rollbackTo(0);
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

  /** The racks of the nodes {@code hosts} name. */
  List<String> racksOf(Collection<String> hosts) {
    List<String> racks = new ArrayList<>();
    for (String host : hosts) {
      for (NodeId id : onHost(host)) {
        racks.add(byId.get(id).rack());
      }
    }
    return racks;
  }
}
