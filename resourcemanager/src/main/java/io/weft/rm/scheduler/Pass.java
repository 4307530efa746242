package io.weft.rm.scheduler;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one pass shares across queues: the node index, the time, the reservations and the next
 * instant a locality wait ends. It picks the node for one container of an ask — on its reservation,
 * on a named host or rack while delay scheduling waits for one, elsewhere after the waits, off the
 * nodes that already hold the ask's containers when it wants anti-affinity — and takes it off the
 * index tentatively. Reserved nodes look full to every other ask.
 */
final class Pass {
  /** A node for the container, or why there is none (null reason: nothing fits, no wait to report). */
  record Choice(NodeView node, String reason) {
    static final Choice NONE = new Choice(null, null);

    static Choice of(NodeView node) {
      return node == null ? NONE : new Choice(node, null);
    }

    static Choice waiting(String reason) {
      return new Choice(null, reason);
    }
  }

  private record Held(ApplicationAttemptId attemptId, AskKey key) {}

  final NodeIndex nodes;
  private final PlacementChain chain;
  private final SchedulerSettings settings;
  private final Instant now;
  private final Map<Held, Reservation> reserved = new LinkedHashMap<>();
  private final Map<NodeId, Resource> reservedFree = new HashMap<>();
  private final Set<ApplicationAttemptId> starved = new LinkedHashSet<>();
  private Instant nextWakeup;

  /**
   * Masks the nodes of {@code reservations} whose ask is still in {@code demand}; the others are
   * dropped (the ask was placed or withdrawn, or the node left).
   */
  Pass(NodeIndex nodes, SchedulerSettings settings, PlacementChain chain, Instant now, List<Reservation> reservations,
      List<AppDemand> demand) {
    this.nodes = nodes;
    this.chain = chain;
    this.settings = settings;
    this.now = now;
    if (reservations.isEmpty()) {
      return;
    }
    Set<Held> wanted = new HashSet<>();
    demand.forEach(d -> d.asks().forEach(a -> wanted.add(new Held(d.attemptId(), a.key()))));
    for (Reservation r : reservations) {
      NodeView node = nodes.node(r.nodeId());
      Held held = new Held(r.attemptId(), r.key());
      if (node != null && wanted.contains(held) && !reservedFree.containsKey(r.nodeId())
          && !reserved.containsKey(held)) {
        hold(held, r, node);
      }
    }
  }

  /** Gives a reserved node back to everyone, with what it has free. */
  private void release(Held held, Reservation r) {
    reserved.remove(held);
    nodes.setFree(nodes.node(r.nodeId()), reservedFree.remove(r.nodeId()));
  }

  private void hold(Held held, Reservation r, NodeView node) {
    reserved.put(held, r);
    reservedFree.put(r.nodeId(), node.free());
    nodes.setFree(node, Resource.NONE);
  }

  /**
   * Picks and tentatively takes a node for one container of {@code ask}. With {@code mayReserve}, a
   * large ask (at least the configured share of a node) that fits no node reserves one, one
   * reservation per attempt; a reserved ask takes its node once it has room, or any other node
   * that has room first (the reservation then ends). Never a node of {@code excluded} (the
   * application's blacklist), unlike {@code avoid}, which is a preference.
   */
  Choice take(ApplicationAttemptId attempt, PendingAsk ask, Set<NodeId> avoid, Set<NodeId> excluded,
      boolean mayReserve) {
    Resource cap = ask.key().capability();
    Held held = new Held(attempt, ask.key());
    Reservation r = reserved.isEmpty() ? null : reserved.get(held);
    if (r != null && excluded.contains(r.nodeId())) {
      release(held, r); // the application excluded the node since it was reserved
      r = null;
    }
    if (r != null) {
      Resource free = reservedFree.get(r.nodeId());
      if (cap.fitsIn(free)) {
        release(held, r);
        nodes.take(nodes.node(r.nodeId()), cap);
        return Choice.of(nodes.node(r.nodeId()));
      }
      NodeView elsewhere = ask.locality().isAny() ? anywhere(ask, avoid, excluded) : null;
      if (elsewhere == null) {
        starved.add(attempt);
        return Choice.waiting(WaitingReasons.reserved(r.nodeId(), cap, free));
      }
      release(held, r); // room opened up on another node: the reserved one is not needed any more
      nodes.take(elsewhere, cap);
      return Choice.of(elsewhere);
    }
    Choice choice = ask.locality().isAny() ? Choice.of(anywhere(ask, avoid, excluded))
        : local(ask, cap, avoid, excluded);
    if (choice.node() != null) {
      nodes.take(choice.node(), cap);
      return choice;
    }
    if (choice.reason() != null) {
      return choice;
    }
    starved.add(attempt);
    NodeView candidate = mayReserve && reserved.keySet().stream().noneMatch(h -> h.attemptId().equals(attempt))
        ? nodes.reservable(cap, union(reservedFree.keySet(), excluded), reservableFor(ask, excluded)) : null;
    if (candidate == null
        || cap.dominantShareOf(candidate.capability()) < settings.reservationMinNodeShare()) {
      return Choice.waiting(noRoom(ask, excluded));
    }
    hold(held, new Reservation(candidate.nodeId(), attempt, ask.key()), candidate);
    return Choice.waiting(WaitingReasons.reserved(candidate.nodeId(), cap, reservedFree.get(candidate.nodeId())));
  }

  /**
   * Delay scheduling: a named host first; after the node delay a rack of a named host or a named
   * rack; after the rack delay as well, any node. Without relax-locality only named hosts and racks.
   */
  private Choice local(PendingAsk ask, Resource cap, Set<NodeId> avoid, Set<NodeId> excluded) {
    Locality loc = ask.locality();
    NodeView node = among(nodesOn(loc.hosts(), true), ask, PlacementContext.Level.NODE, Set.of(), avoid, excluded);
    if (node != null) {
      return Choice.of(node);
    }
    if (!loc.relax()) {
      node = among(nodesOn(loc.racks(), false), ask, PlacementContext.Level.RACK, loc.racks(), avoid, excluded);
      return node != null ? Choice.of(node) : Choice.waiting(WaitingReasons.strictLocality(loc.describe(), cap));
    }
    Duration waited = Duration.between(ask.since(), now);
    Duration nodeDelay = loc.hosts().isEmpty() ? Duration.ZERO : settings.nodeLocalityDelay();
    if (waited.compareTo(nodeDelay) < 0) {
      wakeAt(ask.since().plus(nodeDelay));
      return Choice.waiting(WaitingReasons.nodeLocalWait(String.join(", ", loc.hosts()), waited, nodeDelay));
    }
    TreeSet<String> racks = new TreeSet<>(loc.racks());
    racks.addAll(nodes.racksOf(loc.hosts()));
    node = among(nodesOn(racks, false), ask, PlacementContext.Level.RACK, racks, avoid, excluded);
    if (node != null) {
      return Choice.of(node);
    }
    Duration anyDelay = nodeDelay.plus(settings.rackLocalityDelay());
    if (waited.compareTo(anyDelay) < 0) {
      wakeAt(ask.since().plus(anyDelay));
      return Choice.waiting(WaitingReasons.rackLocalWait(racks.isEmpty() ? "(no known rack)" : String.join(", ", racks),
          waited, anyDelay));
    }
    return Choice.of(anywhere(ask, avoid, excluded));
  }

  private Collection<NodeId> nodesOn(Collection<String> names, boolean hosts) {
    if (names.size() == 1) {
      String name = names.iterator().next();
      return hosts ? nodes.onHost(name) : nodes.inRack(name);
    }
    TreeSet<NodeId> ids = new TreeSet<>();
    names.forEach(n -> ids.addAll(hosts ? nodes.onHost(n) : nodes.inRack(n)));
    return ids;
  }

  /** Why no node has room for {@code ask} anywhere (outside {@code excluded}), for a waiting reason. */
  String noRoom(PendingAsk ask, Set<NodeId> excluded) {
    return WaitingReasons.noPlacement(nodes, chain, context(ask, PlacementContext.Level.ANY, Set.of(), Set.of(), excluded));
  }

  /**
   * Nodes the chain would take for {@code ask} if they had the room: every filter passes them but the
   * resource fit (a reservation is for a node that lacks the room now).
   */
  private java.util.function.Predicate<NodeView> reservableFor(PendingAsk ask, Set<NodeId> excluded) {
    PlacementContext context = context(ask, PlacementContext.Level.ANY, Set.of(), Set.of(), excluded);
    return node -> chain.rejectionBesidesResources(node, context) == null;
  }

  private PlacementContext context(PendingAsk ask, PlacementContext.Level level, Set<String> racks, Set<NodeId> avoid,
      Set<NodeId> excluded) {
    return new PlacementContext(ask.key().capability(), ask.locality(), level, racks, excluded, avoid,
        reservedFree.keySet(), nodes.largestFreeMb(), ask.partition());
  }

  /**
   * The chain's pick among the nodes {@code candidates} name (the few nodes of named hosts or racks).
   * Anti-affinity is a preference: when only nodes that hold the ask's containers have room, one of them will do.
   */
  private NodeView among(Collection<NodeId> candidates, PendingAsk ask, PlacementContext.Level level,
      Set<String> racks, Set<NodeId> avoid, Set<NodeId> excluded) {
    List<NodeView> views = new ArrayList<>(candidates.size());
    for (NodeId id : candidates) {
      NodeView view = nodes.node(id);
      if (view != null) {
        views.add(view);
      }
    }
    PlacementContext context = context(ask, level, racks, avoid, excluded);
    NodeView node = chain.choose(views, context);
    return node != null || avoid.isEmpty() ? node : chain.choose(views, context.withoutAvoid());
  }

  /** The chain's pick among the nodes the index offers for the ask, anywhere in the cluster. */
  private NodeView anywhere(PendingAsk ask, Set<NodeId> avoid, Set<NodeId> excluded) {
    PlacementContext context = context(ask, PlacementContext.Level.ANY, Set.of(), avoid, excluded);
    NodeView node = pick(context);
    return node != null || avoid.isEmpty() ? node : pick(context.withoutAvoid());
  }

  private NodeView pick(PlacementContext context) {
    PlacementScorer.IndexOrder wanted = chain.onlyScorerOrder(context);
    NodeIndex.Walk walk = nodes.walk(context.ask(), wanted);
    return chain.choose(walk.nodes(), wanted != PlacementScorer.IndexOrder.NONE && walk.order() == wanted, context);
  }

  private static Set<NodeId> union(Set<NodeId> a, Set<NodeId> b) {
    if (b.isEmpty()) {
      return a;
    }
    if (a.isEmpty()) {
      return b;
    }
    Set<NodeId> both = new HashSet<>(a);
    both.addAll(b);
    return both;
  }

  private void wakeAt(Instant when) {
    if (nextWakeup == null || when.isBefore(nextWakeup)) {
      nextWakeup = when;
    }
  }

  /** When a locality wait of this pass ends (a pass then may place what it could not), or null. */
  Instant nextWakeup() {
    return nextWakeup;
  }

  /** The attempts that found no room (not those held by a limit or a locality wait), in the order found. */
  Set<ApplicationAttemptId> starved() {
    return starved;
  }

  /** The reservations that stand after the pass, by node id. */
  List<Reservation> reservations() {
    List<Reservation> out = new ArrayList<>(reserved.values());
    out.sort(Comparator.comparing(Reservation::nodeId));
    return out;
  }
}
