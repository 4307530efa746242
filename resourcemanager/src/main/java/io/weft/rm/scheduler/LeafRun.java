package io.weft.rm.scheduler;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One leaf queue's working state during a pass: its usage as the pass places containers. */
final class LeafRun {
  private final LeafSnapshot leaf;
  private final List<ParentRun> parents;
  private final Resource total;
  private final List<AppRun> apps = new ArrayList<>();
  private final Map<String, Resource> usedByUser;
  /** What the queue holds in each labelled partition it may use, as the pass places containers. */
  private final Map<String, Resource> usedByPartition = new HashMap<>();
  /** What the queue's AM containers hold in each labelled partition (YARN keeps an AM share per partition). */
  private final Map<String, Resource> amUsedByPartition = new HashMap<>();
  /** What each user holds in each labelled partition (YARN keeps a user limit per partition too). */
  private final Map<String, Map<String, Resource>> usersByPartition = new HashMap<>();
  private Resource used;
  private Resource amUsed;

  LeafRun(LeafSnapshot leaf, List<ParentRun> parents, Resource total) {
    this.leaf = leaf;
    this.parents = parents;
    this.total = total;
    this.used = leaf.used();
    this.amUsed = leaf.amUsed();
    this.usedByUser = new HashMap<>(leaf.usedByUser());
    leaf.partitions().forEach((label, share) -> {
      usedByPartition.put(label, share.used());
      amUsedByPartition.put(label, share.amUsed());
      usersByPartition.put(label, new HashMap<>(share.usedByUser()));
    });
  }

  String path() {
    return leaf.path();
  }

  /**
   * What it holds relative to its guarantee, in the partition of the ask it would place next: the lowest is served
   * next. YARN orders queues per partition too: by the default partition's share, an idle label would go to
   * whichever queue uses the unlabelled nodes least, whatever its share of the label.
   */
  double share() {
    String partition = nextPartition();
    if (partition.isEmpty()) {
      return used.dominantShareOf(total) / Math.max(leaf.absoluteCapacity(), 1e-9);
    }
    LeafSnapshot.PartitionShare share = leaf.partitions().get(partition);
    // a label it may not use: its turn only records why it waits
    return share == null ? 0 : usedByPartition.getOrDefault(partition, Resource.NONE)
        .dominantShareOf(share.guaranteed());
  }

  private String nextPartition() {
    for (AppRun app : apps) {
      PendingAsk ask = app.current();
      if (ask != null) {
        return ask.partition();
      }
    }
    return "";
  }

  void add(AppDemand demand) {
    apps.add(new AppRun(demand));
  }

  void sortApps() {
    apps.sort(Comparator.comparingInt((AppRun a) -> -a.demand.priority()));
  }

  /**
   * Places one container (or a whole gang) of the first application that can take one, or
   * returns an empty list.
   */
  List<Placement> placeOne(Pass pass, Map<ApplicationAttemptId, String> waiting) {
    Iterator<AppRun> it = apps.iterator();
    while (it.hasNext()) {
      AppRun app = it.next();
      List<Placement> placed = placeFor(app, pass, waiting);
      if (!placed.isEmpty()) {
        return placed;
      }
      it.remove();
    }
    return List.of();
  }

  /** Containers for {@code app}, or none when it can take none now (its reason recorded). */
  private List<Placement> placeFor(AppRun app, Pass pass, Map<ApplicationAttemptId, String> waiting) {
    ApplicationAttemptId id = app.demand.attemptId();
    for (PendingAsk ask = app.current(); ask != null; ask = app.current()) {
      Resource cap = ask.key().capability();
      String blocked = limitReason(app, ask, cap);
      if (blocked != null) {
        // when no node could hold it either, that is the first thing to fix
        waiting.putIfAbsent(id, !pass.nodes.anyFits(cap) ? pass.noRoom(ask, app.demand.excluded()) : blocked);
        return List.of();
      }
      if (ask.gang().isGang() && !app.gangPlaced()) {
        List<Placement> gang = placeGang(app, ask, pass, waiting);
        if (!gang.isEmpty()) {
          return gang;
        }
      } else {
        Pass.Choice choice = pass.take(id, ask, app.avoid(ask), app.demand.excluded(), true);
        if (choice.node() != null) {
          return List.of(commit(app, ask, choice.node()));
        }
        waiting.putIfAbsent(id, choice.reason());
      }
      app.blockCurrent();
    }
    return List.of();
  }

  /**
   * The first {@code gang.minCount()} containers of {@code ask} in one go, or none: a gang that does
   * not fit whole is rolled back (index and usage) and left waiting with how much of it could be placed.
   */
  private List<Placement> placeGang(AppRun app, PendingAsk ask, Pass pass, Map<ApplicationAttemptId, String> waiting) {
    int size = Math.min(ask.gang().minCount(), ask.count());
    int mark = pass.nodes.mark();
    Usage before = new Usage(used, amUsed, new HashMap<>(usedByUser), parents.stream().map(p -> p.used).toList(),
        new HashMap<>(usedByPartition), new HashMap<>(amUsedByPartition), deepCopy(usersByPartition),
        parents.stream().<Map<String, Resource>>map(p -> new HashMap<>(p.usedByLabel)).toList());
    List<Placement> placed = new ArrayList<>();
    String blocker = null;
    while (placed.size() < size) {
      blocker = limitReason(app, ask, ask.key().capability());
      Pass.Choice choice = blocker != null ? null : pass.take(app.demand.attemptId(), ask, app.avoid(ask), app.demand.excluded(), false);
      if (choice == null || choice.node() == null) {
        blocker = blocker != null ? blocker : choice.reason();
        break;
      }
      placed.add(commit(app, ask, choice.node()));
    }
    if (placed.size() == size) {
      app.gangPlaced(true);
      return placed;
    }
    pass.nodes.rollbackTo(mark);
    used = before.used;
    amUsed = before.amUsed;
    usedByUser.clear();
    usedByUser.putAll(before.byUser);
    usedByPartition.clear();
    usedByPartition.putAll(before.byPartition);
    amUsedByPartition.clear();
    amUsedByPartition.putAll(before.amByPartition);
    usersByPartition.clear();
    usersByPartition.putAll(before.usersByPartition);
    for (int i = 0; i < parents.size(); i++) {
      ParentRun parent = parents.get(i);
      parent.used = before.parents.get(i);
      parent.usedByLabel.clear();
      parent.usedByLabel.putAll(before.parentsByLabel.get(i));
    }
    app.unplace(placed);
    waiting.putIfAbsent(app.demand.attemptId(), WaitingReasons.gang(size, placed.size(), blocker));
    return List.of();
  }

  private record Usage(Resource used, Resource amUsed, Map<String, Resource> byUser, List<Resource> parents,
      Map<String, Resource> byPartition, Map<String, Resource> amByPartition,
      Map<String, Map<String, Resource>> usersByPartition, List<Map<String, Resource>> parentsByLabel) {}

  private static Map<String, Map<String, Resource>> deepCopy(Map<String, Map<String, Resource>> maps) {
    Map<String, Map<String, Resource>> copy = new HashMap<>();
    maps.forEach((key, map) -> copy.put(key, new HashMap<>(map)));
    return copy;
  }

  /** Books one container of {@code ask} on {@code node} (already taken off the index). */
  private Placement commit(AppRun app, PendingAsk ask, NodeView node) {
    Resource cap = ask.key().capability();
    if (ask.partition().isEmpty()) {
      used = used.add(cap);
      parents.forEach(p -> p.used = p.used.add(cap));
      usedByUser.merge(app.demand.user(), cap, Resource::add);
      if (ask.amContainer()) {
        amUsed = amUsed.add(cap);
      }
    } else {
      usedByPartition.merge(ask.partition(), cap, Resource::add);
      usersByPartition.computeIfAbsent(ask.partition(), l -> new HashMap<>()).merge(app.demand.user(), cap,
          Resource::add);
      parents.forEach(p -> p.usedByLabel.merge(ask.partition(), cap, Resource::add));
      if (ask.amContainer()) {
        amUsedByPartition.merge(ask.partition(), cap, Resource::add);
      }
    }
    app.placedOne(node.nodeId());
    return new Placement(app.demand.attemptId(), ask.key(), node.nodeId(), node.number(), ask.amContainer());
  }

  private String limitReason(AppRun app, PendingAsk ask, Resource cap) {
    if (ask.amContainer() && !leaf.running()) {
      return WaitingReasons.queueStopped(leaf);
    }
    if (!ask.partition().isEmpty()) {
      return partitionLimitReason(app.demand.user(), ask, cap);
    }
    if (!used.add(cap).fitsIn(leaf.maximum())) {
      return WaitingReasons.queueMaximum(leaf.name(), used, leaf.maximum());
    }
    for (ParentRun parent : parents) {
      if (!parent.used.add(cap).fitsIn(parent.maximum)) {
        return WaitingReasons.queueMaximum(parent.path, parent.used, parent.maximum);
      }
    }
    if (ask.amContainer() && exceedsAmShare(amUsed, cap, leaf.amLimit())) {
      return WaitingReasons.amShare(leaf.name(), amUsed, leaf.amLimit(), leaf.maxAmShare());
    }
    Resource userUsed = usedByUser.getOrDefault(app.demand.user(), Resource.NONE);
    if (!userUsed.add(cap).fitsIn(leaf.userLimit())) {
      return WaitingReasons.userLimit(app.demand.user(), leaf.name(), userUsed, leaf.userLimit());
    }
    return null;
  }

  /**
   * A labelled ask is held by the queue's maximum, its parents' maximums, its AM share and its user limit in that
   * partition, as YARN keeps every limit per partition.
   */
  private String partitionLimitReason(String user, PendingAsk ask, Resource cap) {
    String label = ask.partition();
    LeafSnapshot.PartitionShare share = leaf.partitions().get(label);
    if (share == null) {
      return WaitingReasons.partitionNotAccessible(leaf, label);
    }
    Resource inPartition = usedByPartition.getOrDefault(label, Resource.NONE);
    if (!inPartition.add(cap).fitsIn(share.maximum())) {
      return WaitingReasons.partitionMaximum(leaf.name(), label, inPartition, share.maximum());
    }
    for (ParentRun parent : parents) {
      Resource parentMaximum = parent.labelMaximums.get(label);
      Resource parentUsed = parent.usedByLabel.getOrDefault(label, Resource.NONE);
      if (parentMaximum != null && !parentUsed.add(cap).fitsIn(parentMaximum)) {
        return WaitingReasons.partitionMaximum(parent.path, label, parentUsed, parentMaximum);
      }
    }
    Resource amInPartition = amUsedByPartition.getOrDefault(label, Resource.NONE);
    if (ask.amContainer() && exceedsAmShare(amInPartition, cap, share.amLimit())) {
      return WaitingReasons.amShare(leaf.name() + " in partition " + label, amInPartition, share.amLimit(),
          leaf.maxAmShare());
    }
    Resource userInPartition = usersByPartition.getOrDefault(label, Map.of()).getOrDefault(user, Resource.NONE);
    // as with the AM share, a user's first container there is never held: a queue guaranteed nothing on a label
    // (capacity 0, maximum above it) still runs there, one container per user at a time
    if (!userInPartition.equals(Resource.NONE) && !userInPartition.add(cap).fitsIn(share.userLimit())) {
      return WaitingReasons.userLimit(user, leaf.name() + " in partition " + label, userInPartition,
          share.userLimit());
    }
    return null;
  }

  /**
   * As in YARN, the first AM of a queue (in a partition) runs whatever its share: a share smaller than one AM
   * container slows a queue to one application at a time but never stops it. Only AM memory is limited (YARN's
   * default resource calculator), so an AM asking a GPU is not held back.
   */
  private static boolean exceedsAmShare(Resource amUsed, Resource cap, Resource amLimit) {
    return !amUsed.equals(Resource.NONE) && amUsed.memoryMb() + cap.memoryMb() > amLimit.memoryMb();
  }

  /** Every application that still wants containers and has no reason yet gets the queue's. */
  void reportWaiting(Map<ApplicationAttemptId, String> waiting) {
    for (AppRun app : apps) {
      if (app.current() != null) {
        waiting.putIfAbsent(app.demand.attemptId(), "waiting in queue " + leaf.name() + " for capacity");
      }
    }
  }

  /** A parent queue's maximums and what its leaves hold, shared by the leaves below it. */
  static final class ParentRun {
    private final String path;
    private final Resource maximum;
    private final Map<String, Resource> labelMaximums;
    private Resource used;
    private final Map<String, Resource> usedByLabel;

    ParentRun(LeafSnapshot.ParentLimit limit) {
      this.path = limit.path();
      this.maximum = limit.maximum();
      this.labelMaximums = limit.labelMaximums();
      this.used = limit.used();
      this.usedByLabel = new HashMap<>(limit.labelUsed());
    }
  }

  /** An application's asks during the pass: AM first, then by ask priority. */
  private static final class AppRun {
    private final AppDemand demand;
    private final List<PendingAsk> asks;
    private final int[] remaining;
    private final boolean[] gangPlaced;
    private final Map<AskKey, Set<NodeId>> avoid = new HashMap<>();
    private int cursor;

    AppRun(AppDemand demand) {
      this.demand = demand;
      this.asks = new ArrayList<>(demand.asks());
      asks.sort(Comparator.comparing((PendingAsk a) -> !a.amContainer()).thenComparingInt(a -> a.key().priority()));
      this.remaining = new int[asks.size()];
      this.gangPlaced = new boolean[asks.size()];
      for (int i = 0; i < asks.size(); i++) {
        remaining[i] = asks.get(i).count();
      }
    }

    PendingAsk current() {
      while (cursor < asks.size() && remaining[cursor] == 0) {
        cursor++;
      }
      return cursor < asks.size() ? asks.get(cursor) : null;
    }

    void blockCurrent() {
      cursor++;
    }

    /** Nodes {@code ask} should stay off: those holding its containers, when it wants anti-affinity. */
    Set<NodeId> avoid(PendingAsk ask) {
      if (!ask.antiAffinity()) {
        return Set.of();
      }
      return avoid.computeIfAbsent(ask.key(), k -> new HashSet<>(demand.heldOn().getOrDefault(k, Set.of())));
    }

    void placedOne(NodeId node) {
      remaining[cursor]--;
      if (asks.get(cursor).antiAffinity()) {
        avoid(asks.get(cursor)).add(node);
      }
    }

    boolean gangPlaced() {
      return gangPlaced[cursor];
    }

    void gangPlaced(boolean placed) {
      gangPlaced[cursor] = placed;
    }

    /** Undoes {@code placements} of the current ask (a gang that did not fit whole). */
    void unplace(List<Placement> placements) {
      remaining[cursor] += placements.size();
      Set<NodeId> held = avoid.get(asks.get(cursor).key());
      if (held != null) {
        Set<NodeId> before = demand.heldOn().getOrDefault(asks.get(cursor).key(), Set.of());
        placements.stream().map(Placement::nodeId).filter(n -> !before.contains(n)).forEach(held::remove);
      }
    }
  }
}
