package io.weft.rm.scheduler;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The schedulable nodes, kept up to date incrementally by the RM core (a node is re-filed only when
 * it changes), so a pass never scans the cluster. Nodes are ordered by (free memory, node id); the
 * most free vcores and, per other resource type (gpu, ...), the nodes that have it ordered by how much
 * is free are kept beside. {@link #walk} answers "which nodes may fit this multi-resource ask":
 * nothing at all when some dimension has no node with enough free (O(log nodes)), the nodes of the
 * scarcest other resource type the ask names when it names one (only nodes that have that type, and
 * enough of it), otherwise the nodes with enough free memory, most or least free first as the scorer
 * wants, so the first that passes the filters wins. Nodes are also filed by host and by rack, for
 * asks that name them. A pass's tentative takes are logged and rolled back when the pass ends, so
 * planning leaves the index as it found it (the applier then commits against the real nodes).
 * Confined to one thread.
 */
public final class NodeIndex {
  /** A key in the index; a null id is a probe that sorts before every node with that amount free. */
  private record Entry(long amount, NodeId id) {}

  /** Candidate nodes for an ask, and the order they come in (NONE: no useful order, score them all). */
  record Walk(Iterator<NodeView> nodes, PlacementScorer.IndexOrder order) {}

  /**
   * (amount, node id), a null id first. Written out rather than composed from Comparator's
   * combinators: every take, rollback and commit re-files a node, and the composed form's chain of
   * calls per comparison was the largest single cost of a pass.
   */
  private static final Comparator<Entry> ORDER = new EntryOrder();

  private static final class EntryOrder implements Comparator<Entry> {
    @Override
    public int compare(Entry a, Entry b) {
      if (a.amount != b.amount) {
        return a.amount < b.amount ? -1 : 1;
      }
      NodeId x = a.id;
      NodeId y = b.id;
      if (x == y) {
        return 0;
      }
      if (x == null) {
        return -1;
      }
      return y == null ? 1 : x.compareTo(y);
    }
  }
  private final TreeSet<Entry> byFree = new TreeSet<>(ORDER);
  /** Free vcores to how many nodes have that many (few distinct values: cheap to keep; counters mutated in place). */
  private final TreeMap<Integer, int[]> vcoreCounts = new TreeMap<>();
  /** Per other resource type, the nodes whose capability has it, by how much is free. */
  private final Map<String, TreeSet<Entry>> byType = new HashMap<>();
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
    // One lookup by id: a placement re-files a node several times per pass, over thousands of nodes.
    NodeView old = byId.put(node.nodeId(), node);
    if (old != null && !old.rack().equals(node.rack())) {
      unfile(old);
      old = null;
    }
    if (old == null) {
      byHost.computeIfAbsent(node.nodeId().host(), h -> new TreeSet<>()).add(node.nodeId());
      byHost.computeIfAbsent(node.nodeId().toString(), h -> new TreeSet<>()).add(node.nodeId());
      byRack.computeIfAbsent(node.rack(), r -> new TreeSet<>()).add(node.nodeId());
      fileFree(node);
      capacity = capacity.add(node.capability());
      free = free.add(node.free());
    } else if (!old.free().equals(node.free()) || !old.capability().equals(node.capability())) {
      unfileFree(old);
      fileFree(node);
      if (!old.capability().equals(node.capability())) {
        capacity = capacity.subtract(old.capability()).add(node.capability());
      }
      free = free.subtract(old.free()).add(node.free());
    } // else it is filed where it belongs already
  }

  /** Drops a node that is no longer schedulable; no-op when absent. */
  public void remove(NodeId id) {
    NodeView old = byId.remove(id);
    if (old != null) {
      unfile(old);
    }
  }

  /** Takes {@code old} out of everything but {@code byId}. */
  private void unfile(NodeView old) {
    NodeId id = old.nodeId();
    unfileFree(old);
    capacity = capacity.subtract(old.capability());
    free = free.subtract(old.free());
    unfile(byHost, id.host(), id);
    unfile(byHost, id.toString(), id);
    unfile(byRack, old.rack(), id);
  }

  private void fileFree(NodeView node) {
    byFree.add(new Entry(node.free().memoryMb(), node.nodeId()));
    int[] count = vcoreCounts.get(node.free().vcores());
    if (count == null) {
      vcoreCounts.put(node.free().vcores(), new int[] {1});
    } else {
      count[0]++;
    }
    if (node.capability().others().isEmpty()) {
      return;
    }
    for (String type : node.capability().others().keySet()) {
      byType.computeIfAbsent(type, t -> new TreeSet<>(ORDER)).add(new Entry(node.free().other(type), node.nodeId()));
    }
  }

  private void unfileFree(NodeView node) {
    byFree.remove(new Entry(node.free().memoryMb(), node.nodeId()));
    int[] count = vcoreCounts.get(node.free().vcores());
    if (--count[0] == 0) {
      vcoreCounts.remove(node.free().vcores());
    }
    if (node.capability().others().isEmpty()) {
      return;
    }
    for (String type : node.capability().others().keySet()) {
      TreeSet<Entry> nodes = byType.get(type);
      nodes.remove(new Entry(node.free().other(type), node.nodeId()));
      if (nodes.isEmpty()) {
        byType.remove(type);
      }
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

  /**
   * False when some dimension of {@code ask} has no node with that much free (then no node fits);
   * O(log nodes).
   */
  boolean mayFit(Resource ask) {
    if (byFree.isEmpty() || byFree.last().amount() < ask.memoryMb() || vcoreCounts.lastKey() < ask.vcores()) {
      return false;
    }
    if (ask.others().isEmpty()) {
      return true;
    }
    for (Map.Entry<String, Long> e : ask.others().entrySet()) {
      if (e.getValue() > 0) {
        TreeSet<Entry> nodes = byType.get(e.getKey());
        if (nodes == null || nodes.last().amount() < e.getValue()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The nodes that may fit {@code ask} (every node that fits is among them; the filters check the
   * rest): none when a dimension has no node with enough free; the nodes of the scarcest other
   * resource type the ask names, with enough of it free, in no useful order; otherwise the nodes with
   * enough free memory in {@code order} (least free first for NONE). Use it before changing the index.
   */
  Walk walk(Resource ask, PlacementScorer.IndexOrder order) {
    if (!mayFit(ask)) {
      return new Walk(Collections.emptyIterator(), order);
    }
    if (ask.others().isEmpty()) {
      return memoryWalk(ask, order);
    }
    TreeSet<Entry> scarcest = null;
    long scarcestAsk = 0;
    for (Map.Entry<String, Long> e : ask.others().entrySet()) {
      TreeSet<Entry> nodes = byType.get(e.getKey());
      if (e.getValue() > 0 && (scarcest == null || nodes.size() < scarcest.size())) {
        scarcest = nodes;
        scarcestAsk = e.getValue();
      }
    }
    if (scarcest != null) {
      Iterator<Entry> entries = scarcest.tailSet(new Entry(scarcestAsk, null), true).iterator();
      return new Walk(nodesOf(entries), PlacementScorer.IndexOrder.NONE);
    }
    return memoryWalk(ask, order);
  }

  private Walk memoryWalk(Resource ask, PlacementScorer.IndexOrder order) {
    if (order == PlacementScorer.IndexOrder.MOST_FREE_MEMORY) {
      return new Walk(new MostFreeFirst(ask.memoryMb()), order);
    }
    return new Walk(nodesOf(byFree.tailSet(new Entry(ask.memoryMb(), null), true).iterator()),
        PlacementScorer.IndexOrder.LEAST_FREE_MEMORY);
  }

  /**
   * True when some node has {@code ask} free in every dimension. Looks at the nodes with the most free
   * memory first: they usually have the most of the rest too, and nodes full on vcores but not on
   * memory pile up low in the order (a walk from the bottom would pass them all).
   */
  boolean anyFits(Resource ask) {
    for (Iterator<NodeView> it = walk(ask, PlacementScorer.IndexOrder.MOST_FREE_MEMORY).nodes(); it.hasNext(); ) {
      if (ask.fitsIn(it.next().free())) {
        return true;
      }
    }
    return false;
  }

  private Iterator<NodeView> nodesOf(Iterator<Entry> entries) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public NodeView next() {
        return byId.get(entries.next().id());
      }
    };
  }

  /**
   * The nodes with at least {@code minMb} free, most free memory first and, among equals, lower id
   * first (the tree's order within a group).
   */
  private final class MostFreeFirst implements Iterator<NodeView> {
    private final long minMb;
    /** The entry handed out last (null before the first); the next one is found only when asked for. */
    private Entry last;
    private Entry next;
    private boolean done;

    MostFreeFirst(long minMb) {
      this.minMb = minMb;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        next = last == null ? firstOfGroup(byFree.last().amount()) : successor(last);
        done = next == null;
      }
      return next != null;
    }

    @Override
    public NodeView next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      last = next;
      next = null;
      return byId.get(last.id());
    }

    /** The next node with the same free memory, else the first of the group with less. */
    private Entry successor(Entry current) {
      Entry sameGroup = byFree.higher(current);
      if (sameGroup != null && sameGroup.amount() == current.amount()) {
        return sameGroup;
      }
      Entry lowerGroup = byFree.lower(new Entry(current.amount(), null));
      return lowerGroup == null ? null : firstOfGroup(lowerGroup.amount());
    }

    private Entry firstOfGroup(long amount) {
      return amount < minMb ? null : byFree.ceiling(new Entry(amount, null));
    }
  }

  /** The most free memory a node has, 0 without nodes. */
  long largestFreeMb() {
    return byFree.isEmpty() ? 0 : byFree.last().amount();
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
   * equals) whose capability holds the ask, outside {@code taken}, that {@code allowed} accepts; or null
   * when no node ever could.
   */
  NodeView reservable(Resource ask, Set<NodeId> taken, Predicate<NodeView> allowed) {
    Entry group = byFree.isEmpty() ? null : byFree.last();
    while (group != null) {
      long mem = group.amount();
      for (Entry e : byFree.tailSet(new Entry(mem, null), true)) {
        if (e.amount() != mem) {
          break;
        }
        NodeView node = byId.get(e.id());
        if (!taken.contains(e.id()) && ask.fitsIn(node.capability()) && allowed.test(node)) {
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
    setFreeOf(current, current.free().subtract(ask));
  }

  /** Tentatively sets what {@code node} has free (e.g. none, while it is reserved), to be undone. */
  void setFree(NodeView node, Resource newFree) {
    setFreeOf(byId.get(node.nodeId()), newFree);
  }

  private void setFreeOf(NodeView current, Resource newFree) {
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

  /**
   * Ends a pass whose plan has been applied: the tentative changes of the nodes in {@code refiledNext} stay, and
   * every other one is undone. The RM core re-files the nodes in {@code refiledNext} from the real nodes before
   * the index is used again, which costs a comparison where the plan held: a placement is filed once, not three
   * times (take, undo, re-file).
   */
  public void settle(Set<NodeId> refiledNext) {
    while (!undo.isEmpty()) {
      NodeView before = undo.pop();
      if (!refiledNext.contains(before.nodeId())) {
        put(before);
      }
    }
  }

  /** The node with the most free memory (lowest id among equals), or null without nodes. */
  NodeView mostFreeMemory() {
    if (byFree.isEmpty()) {
      return null;
    }
    Entry first = byFree.ceiling(new Entry(byFree.last().amount(), null));
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
