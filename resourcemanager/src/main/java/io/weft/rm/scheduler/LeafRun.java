package io.weft.rm.scheduler;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.resource.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** One leaf queue's working state during a pass: its usage as the pass places containers. */
final class LeafRun {
  private final LeafSnapshot leaf;
  private final List<ParentRun> parents;
  private final Resource total;
  private final PlacementPolicy policy;
  private final List<AppRun> apps = new ArrayList<>();
  private final Map<String, Resource> usedByUser;
  private Resource used;
  private Resource amUsed;

  LeafRun(LeafSnapshot leaf, List<ParentRun> parents, Resource total, PlacementPolicy policy) {
    this.policy = policy;
    this.leaf = leaf;
    this.parents = parents;
    this.total = total;
    this.used = leaf.used();
    this.amUsed = leaf.amUsed();
    this.usedByUser = new HashMap<>(leaf.usedByUser());
  }

  String path() {
    return leaf.path();
  }

  /** Dominant share of the cluster held, relative to the guarantee: the lowest is served next. */
  double share() {
    return used.dominantShareOf(total) / Math.max(leaf.absoluteCapacity(), 1e-9);
  }

  void add(AppDemand demand) {
    apps.add(new AppRun(demand));
  }

  void sortApps() {
    apps.sort(Comparator.comparingInt((AppRun a) -> -a.demand.priority()));
  }

  /** Places one container of the first application that can take one, or returns null. */
  Placement placeOne(NodeIndex nodes, Map<ApplicationAttemptId, String> waiting) {
    Iterator<AppRun> it = apps.iterator();
    while (it.hasNext()) {
      AppRun app = it.next();
      Placement placed = placeFor(app, nodes, waiting);
      if (placed != null) {
        return placed;
      }
      it.remove();
    }
    return null;
  }

  /** One container for {@code app}, or null when it can take none now (its reason recorded). */
  private Placement placeFor(AppRun app, NodeIndex nodes, Map<ApplicationAttemptId, String> waiting) {
    ApplicationAttemptId id = app.demand.attemptId();
    for (PendingAsk ask = app.current(); ask != null; ask = app.current()) {
      Resource cap = ask.key().capability();
      String blocked = limitReason(app, ask, cap);
      if (blocked != null) {
        // when no node could hold it either, that is the first thing to fix
        waiting.putIfAbsent(id, nodes.choose(cap, policy) == null ? WaitingReasons.noPlacement(cap, nodes) : blocked);
        return null;
      }
      NodeView node = nodes.choose(cap, policy);
      if (node == null) {
        waiting.putIfAbsent(id, WaitingReasons.noPlacement(cap, nodes));
        app.blockCurrent();
        continue;
      }
      nodes.take(node, cap);
      used = used.add(cap);
      parents.forEach(p -> p.used = p.used.add(cap));
      usedByUser.merge(app.demand.user(), cap, Resource::add);
      if (ask.amContainer()) {
        amUsed = amUsed.add(cap);
      }
      app.placedOne();
      return new Placement(id, ask.key(), node.nodeId(), ask.amContainer());
    }
    return null;
  }

  private String limitReason(AppRun app, PendingAsk ask, Resource cap) {
    if (ask.amContainer() && !leaf.running()) {
      return WaitingReasons.queueStopped(leaf);
    }
    if (!used.add(cap).fitsIn(leaf.maximum())) {
      return WaitingReasons.queueMaximum(leaf.name(), used, leaf.maximum());
    }
    for (ParentRun parent : parents) {
      if (!parent.used.add(cap).fitsIn(parent.maximum)) {
        return WaitingReasons.queueMaximum(parent.path, parent.used, parent.maximum);
      }
    }
    if (ask.amContainer() && !amUsed.equals(Resource.NONE) && !amUsed.add(cap).fitsIn(leaf.amLimit())) {
      return WaitingReasons.amShare(leaf, amUsed);
    }
    Resource userUsed = usedByUser.getOrDefault(app.demand.user(), Resource.NONE);
    if (!userUsed.add(cap).fitsIn(leaf.userLimit())) {
      return WaitingReasons.userLimit(app.demand.user(), leaf, userUsed);
    }
    return null;
  }

  /** Every application that still wants containers and has no reason yet gets the queue's. */
  void reportWaiting(Map<ApplicationAttemptId, String> waiting) {
    for (AppRun app : apps) {
      if (app.current() != null) {
        waiting.putIfAbsent(app.demand.attemptId(), "waiting in queue " + leaf.name() + " for capacity");
      }
    }
  }

  /** A parent queue's maximum and what its leaves hold, shared by the leaves below it. */
  static final class ParentRun {
    private final String path;
    private final Resource maximum;
    private Resource used;

    ParentRun(String path, Resource maximum, Resource used) {
      this.path = path;
      this.maximum = maximum;
      this.used = used;
    }
  }

  /** An application's asks during the pass: AM first, then by ask priority. */
  private static final class AppRun {
    private final AppDemand demand;
    private final List<PendingAsk> asks;
    private final int[] remaining;
    private int cursor;

    AppRun(AppDemand demand) {
      this.demand = demand;
      this.asks = new ArrayList<>(demand.asks());
      asks.sort(Comparator.comparing((PendingAsk a) -> !a.amContainer()).thenComparingInt(a -> a.key().priority()));
      this.remaining = new int[asks.size()];
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

    void placedOne() {
      remaining[cursor]--;
    }
  }
}
