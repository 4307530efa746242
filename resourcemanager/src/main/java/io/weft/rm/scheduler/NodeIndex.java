package io.weft.rm.scheduler;

import com.google.common.collect.Collections2;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
  /** Candidate nodes for an ask, and the order they come in (NONE: no useful order, score them all). */
  record Walk(Iterator<NodeView> nodes, PlacementScorer.IndexOrder order) {}

  /**
   * A node in the index: its view, and its rank, a number that follows node-id order (with gaps, so a new node
   * mostly fits between its neighbours without renumbering the rest). Mutated in place as the node is re-filed.
   */
  private static final class Slot {
    NodeView view;
    long rank;

    Slot(NodeView view) {
      this.view = view;
    }
  }

  /*
   * The ordered maps are keyed by (amount free, rank) packed into one long, amount in the high bits: a key sorts
   * by amount, then by node id. Amounts are clamped to 0..MAX_AMOUNT (4 PB of memory, four billion of any other
   * type) for ordering only; the views keep the true amounts, and the clamp keeps "every node that fits is among
   * the candidates" true. Rank 0 is never given: key(amount, 0) is a probe before every node with that amount.
   */
  private static final int RANK_BITS = 31;
  private static final long RANK_LIMIT = 1L << RANK_BITS;
  private static final long MAX_AMOUNT = (1L << 32) - 1;

  private static long key(long amount, long rank) {
    return (clamp(amount) << RANK_BITS) | rank;
  }

  private static long probe(long amount) {
    return key(amount, 0);
  }

  private static long clamp(long amount) {
    return Math.min(Math.max(amount, 0), MAX_AMOUNT);
  }

  private static long amountOf(long key) {
    return key >>> RANK_BITS;
  }

  private static final long NONE = ChunkedLongMap.NONE;

  private ChunkedLongMap<Slot> byFree = new ChunkedLongMap<>();
  /** Free vcores to how many nodes have that many (few distinct values: cheap to keep; counters mutated in place). */
  private final TreeMap<Integer, int[]> vcoreCounts = new TreeMap<>();
  /** Per other resource type, the nodes whose capability has it, by how much is free. */
  private final Map<String, ChunkedLongMap<Slot>> byType = new HashMap<>();
  private final Map<NodeId, Slot> byId = new HashMap<>();
  /** The same slots in node-id order, to rank a new node between its neighbours. */
  private final TreeMap<NodeId, Slot> inIdOrder = new TreeMap<>();
  /** The rank gap a node appended after the last gets; set by a renumbering to leave room for as many again. */
  private long appendStep = 1L << 16;
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
    Slot slot = byId.get(node.nodeId());
    if (slot == null) {
      add(node);
    } else if (!slot.view.rack().equals(node.rack())) {
      remove(node.nodeId());
      add(node);
    } else {
      update(slot, node);
    }
  }

  private void update(Slot slot, NodeView node) {
    NodeView old = slot.view;
    if (old.free().equals(node.free()) && old.capability().equals(node.capability())) {
      slot.view = node; // filed where it belongs already
      return;
    }
    unfileFree(slot);
    slot.view = node;
    fileFree(slot);
    if (!old.capability().equals(node.capability())) {
      capacity = capacity.subtract(old.capability()).add(node.capability());
    }
    free = free.subtract(old.free()).add(node.free());
  }

  private void add(NodeView node) {
    NodeId id = node.nodeId();
    Slot slot = new Slot(node);
    byId.put(id, slot);
    inIdOrder.put(id, slot);
    rank(slot);
    byHost.computeIfAbsent(id.host(), h -> new TreeSet<>()).add(id);
    byHost.computeIfAbsent(id.toString(), h -> new TreeSet<>()).add(id);
    byRack.computeIfAbsent(node.rack(), r -> new TreeSet<>()).add(id);
    fileFree(slot);
    capacity = capacity.add(node.capability());
    free = free.add(node.free());
  }

  /**
   * Gives a new node a rank between its neighbours' in id order: half way, or {@link #appendStep} past the last
   * node's (nodes often join in id order). Without room, every node is renumbered and re-filed.
   */
  private void rank(Slot slot) {
    Map.Entry<NodeId, Slot> below = inIdOrder.lowerEntry(slot.view.nodeId());
    Map.Entry<NodeId, Slot> above = inIdOrder.higherEntry(slot.view.nodeId());
    long low = below == null ? 0 : below.getValue().rank;
    long gap = (above == null ? RANK_LIMIT : above.getValue().rank) - low;
    if (gap < 2) {
      renumber(slot);
    } else {
      slot.rank = low + (above == null ? Math.min(appendStep, gap / 2) : gap / 2);
    }
  }

  /** Spreads the ranks evenly over the lower half of their range and re-keys every node but {@code unfiled}. */
  private void renumber(Slot unfiled) {
    appendStep = RANK_LIMIT / (2L * inIdOrder.size() + 2);
    byFree = new ChunkedLongMap<>();
    byType.clear();
    long rank = 0;
    for (Slot slot : inIdOrder.values()) {
      rank += appendStep;
      slot.rank = rank;
      if (slot != unfiled) {
        fileKeys(slot);
      }
    }
  }

  /** Drops a node that is no longer schedulable; no-op when absent. */
  public void remove(NodeId id) {
    Slot slot = byId.remove(id);
    if (slot == null) {
      return;
    }
    inIdOrder.remove(id);
    NodeView old = slot.view;
    unfileFree(slot);
    capacity = capacity.subtract(old.capability());
    free = free.subtract(old.free());
    unfile(byHost, id.host(), id);
    unfile(byHost, id.toString(), id);
    unfile(byRack, old.rack(), id);
  }

  private void fileFree(Slot slot) {
    fileKeys(slot);
    int[] count = vcoreCounts.get(slot.view.free().vcores());
    if (count == null) {
      vcoreCounts.put(slot.view.free().vcores(), new int[] {1});
    } else {
      count[0]++;
    }
  }

  /** Files the node in the ordered maps, under its rank (the vcore counts are apart: a renumbering keeps them). */
  private void fileKeys(Slot slot) {
    Resource nodeFree = slot.view.free();
    byFree.put(key(nodeFree.memoryMb(), slot.rank), slot);
    for (String type : slot.view.capability().others().keySet()) {
      byType.computeIfAbsent(type, t -> new ChunkedLongMap<>()).put(key(nodeFree.other(type), slot.rank), slot);
    }
  }

  private void unfileFree(Slot slot) {
    Resource nodeFree = slot.view.free();
    byFree.remove(key(nodeFree.memoryMb(), slot.rank));
    int[] count = vcoreCounts.get(nodeFree.vcores());
    if (--count[0] == 0) {
      vcoreCounts.remove(nodeFree.vcores());
    }
    if (slot.view.capability().others().isEmpty()) {
      return;
    }
    for (String type : slot.view.capability().others().keySet()) {
      ChunkedLongMap<Slot> nodes = byType.get(type);
      nodes.remove(key(nodeFree.other(type), slot.rank));
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
    if (byFree.isEmpty() || amountOf(byFree.lastKey()) < clamp(ask.memoryMb())
        || vcoreCounts.lastKey() < ask.vcores()) {
      return false;
    }
    if (ask.others().isEmpty()) {
      return true;
    }
    for (Map.Entry<String, Long> e : ask.others().entrySet()) {
      if (e.getValue() > 0) {
        ChunkedLongMap<Slot> nodes = byType.get(e.getKey());
        if (nodes == null || amountOf(nodes.lastKey()) < clamp(e.getValue())) {
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
    ChunkedLongMap<Slot> scarcest = null;
    long scarcestAsk = 0;
    for (Map.Entry<String, Long> e : ask.others().entrySet()) {
      ChunkedLongMap<Slot> nodes = byType.get(e.getKey());
      if (e.getValue() > 0 && (scarcest == null || nodes.size() < scarcest.size())) {
        scarcest = nodes;
        scarcestAsk = e.getValue();
      }
    }
    if (scarcest != null) {
      return new Walk(upwardFrom(scarcest, scarcestAsk), PlacementScorer.IndexOrder.NONE);
    }
    return memoryWalk(ask, order);
  }

  private Walk memoryWalk(Resource ask, PlacementScorer.IndexOrder order) {
    if (order == PlacementScorer.IndexOrder.MOST_FREE_MEMORY) {
      return new Walk(new MostFreeFirst(clamp(ask.memoryMb())), order);
    }
    return new Walk(upwardFrom(byFree, ask.memoryMb()), PlacementScorer.IndexOrder.LEAST_FREE_MEMORY);
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

  /** The nodes of {@code map} with at least {@code amount}, least first, lower id first among equals. */
  private static Iterator<NodeView> upwardFrom(ChunkedLongMap<Slot> map, long amount) {
    return new Iterator<>() {
      private long next = map.ceilingKey(probe(amount));

      @Override
      public boolean hasNext() {
        return next != NONE;
      }

      @Override
      public NodeView next() {
        if (next == NONE) {
          throw new NoSuchElementException();
        }
        Slot slot = map.get(next);
        next = map.higherKey(next);
        return slot.view;
      }
    };
  }

  /**
   * The nodes with at least {@code minAmount} free memory, most free first and, among equals, lower id
   * first (the keys' order within a group).
   */
  private final class MostFreeFirst implements Iterator<NodeView> {
    private final long minAmount;
    /** The key handed out last (NONE before the first); the next one is found only when asked for. */
    private long last = NONE;
    private long next = NONE;
    private boolean done;

    MostFreeFirst(long minAmount) {
      this.minAmount = minAmount;
    }

    @Override
    public boolean hasNext() {
      if (next == NONE && !done) {
        next = last == NONE ? firstOfGroup(byFree.lastKey()) : successor(last);
        done = next == NONE;
      }
      return next != NONE;
    }

    @Override
    public NodeView next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      last = next;
      next = NONE;
      return byFree.get(last).view;
    }

    /** The next node with the same free memory, else the first of the group with less. */
    private long successor(long current) {
      long sameGroup = byFree.higherKey(current);
      if (sameGroup != NONE && amountOf(sameGroup) == amountOf(current)) {
        return sameGroup;
      }
      return firstOfGroup(byFree.lowerKey(probe(amountOf(current))));
    }

    /** The first node of the group {@code anyOfGroup} belongs to, or NONE when that group has too little. */
    private long firstOfGroup(long anyOfGroup) {
      if (anyOfGroup == NONE || amountOf(anyOfGroup) < minAmount) {
        return NONE;
      }
      return byFree.ceilingKey(probe(amountOf(anyOfGroup)));
    }
  }

  /** The most free memory a node has, 0 without nodes. */
  long largestFreeMb() {
    return byFree.isEmpty() ? 0 : byFree.get(byFree.lastKey()).view.free().memoryMb();
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
    Slot slot = byId.get(id);
    return slot == null ? null : slot.view;
  }

  /**
   * The node to reserve for {@code ask}: the one with the most free memory (lowest id among
   * equals) whose capability holds the ask, outside {@code taken}, that {@code allowed} accepts; or null
   * when no node ever could.
   */
  NodeView reservable(Resource ask, Set<NodeId> taken, Predicate<NodeView> allowed) {
    long group = byFree.lastKey();
    while (group != NONE) {
      long amount = amountOf(group);
      for (long key = byFree.ceilingKey(probe(amount)); key != NONE && amountOf(key) == amount;
          key = byFree.higherKey(key)) {
        NodeView node = byFree.get(key).view;
        if (!taken.contains(node.nodeId()) && ask.fitsIn(node.capability()) && allowed.test(node)) {
          return node;
        }
      }
      group = byFree.lowerKey(probe(amount));
    }
    return null;
  }

  /** Tentatively takes {@code ask} off {@code node}, to be undone by {@link #rollback()}. */
  void take(NodeView node, Resource ask) {
    Slot slot = byId.get(node.nodeId());
    setFreeOf(slot, slot.view.free().subtract(ask));
  }

  /** Tentatively sets what {@code node} has free (e.g. none, while it is reserved), to be undone. */
  void setFree(NodeView node, Resource newFree) {
    setFreeOf(byId.get(node.nodeId()), newFree);
  }

  private void setFreeOf(Slot slot, Resource newFree) {
    undo.push(slot.view);
    update(slot, slot.view.withFree(newFree));
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
    return byFree.get(byFree.ceilingKey(probe(amountOf(byFree.lastKey())))).view;
  }

  Collection<NodeView> nodes() {
    return Collections2.transform(byId.values(), slot -> slot.view);
  }

  /** The racks of the nodes {@code hosts} name. */
  List<String> racksOf(Collection<String> hosts) {
    List<String> racks = new ArrayList<>();
    for (String host : hosts) {
      for (NodeId id : onHost(host)) {
        racks.add(byId.get(id).view.rack());
      }
    }
    return racks;
  }
}
