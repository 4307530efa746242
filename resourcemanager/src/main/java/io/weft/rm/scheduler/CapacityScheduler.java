package io.weft.rm.scheduler;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.resource.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.PriorityQueue;

/**
 * Capacity scheduling over leaf queues, as a pure function from a snapshot (nodes, leaf queues
 * with their usage, pending demand) to a plan. One container at a time goes to the leaf queue
 * that is furthest below its guarantee by dominant-resource share (used / guaranteed, DRF), so
 * saturated queues converge to their configured shares and idle capacity is lent to busy queues up
 * to their maximum. Within a leaf, applications are served by priority (higher first), then in
 * submission order; each application's AM container first, then its asks by priority (lower
 * number first). Limits checked per container: queue and parent maximums, the AM share, the user
 * limit, and a node with room (picked by the {@link PlacementChain} of filters and scorers, through
 * {@link Pass}: locality with delay scheduling, reservations, anti-affinity; gang asks all-or-nothing). Every application
 * left waiting gets a reason. Deterministic: same snapshot, same time, same plan.
 */
public final class CapacityScheduler {
  private final SchedulerSettings settings;
  private final PlacementPolicy policy;
  private final PlacementChain chain;

  public CapacityScheduler(PlacementPolicy policy) {
    this(SchedulerSettings.defaults(policy));
  }

  /** The RM's scheduler: the {@link PlacementChain#standard standard chain} for the settings' policy. */
  public CapacityScheduler(SchedulerSettings settings) {
    this(settings, PlacementChain.standard(settings.policy()));
  }

  /** A scheduler placing containers with {@code chain} (e.g. the standard chain with a plugin added). */
  public CapacityScheduler(SchedulerSettings settings, PlacementChain chain) {
    this.settings = requireNonNull(settings);
    this.policy = settings.policy();
    this.chain = requireNonNull(chain);
  }

  public PlacementChain chain() {
    return chain;
  }

  public PlacementPolicy policy() {
    return policy;
  }

  public SchedulerSettings settings() {
    return settings;
  }

  /** Plans over a one-off snapshot of {@code nodes}, at time zero and without reservations. */
  public SchedulingPlan schedule(List<NodeView> nodes, List<LeafSnapshot> leaves, List<AppDemand> demand) {
    return schedule(NodeIndex.of(nodes), leaves, demand, List.of(), Instant.EPOCH);
  }

  /**
   * Plans over the live index of schedulable nodes at {@code now}, honouring (and updating)
   * {@code reservations}; the index is left as it was found (the pass's tentative takes are
   * rolled back before this returns).
   */
  public SchedulingPlan schedule(NodeIndex index, List<LeafSnapshot> leaves, List<AppDemand> demand,
      List<Reservation> reservations, Instant now) {
    try {
      return scheduleKeepingTakes(index, leaves, demand, reservations, now);
    } finally {
      index.rollback();
    }
  }

  /**
   * As {@link #schedule(NodeIndex, List, List, List, Instant)}, but the pass's tentative takes stay in the index
   * for its caller, who applies the plan and then calls {@link NodeIndex#settle} (a failed pass leaves none).
   */
  public SchedulingPlan scheduleKeepingTakes(NodeIndex index, List<LeafSnapshot> leaves, List<AppDemand> demand,
      List<Reservation> reservations, Instant now) {
    try {
      return plan(new Pass(index, settings, chain, now, reservations, demand), leaves, demand);
    } catch (RuntimeException | Error e) {
      index.rollback();
      throw e;
    }
  }

  private SchedulingPlan plan(Pass pass, List<LeafSnapshot> leaves, List<AppDemand> demand) {
    Resource total = pass.nodes.capacity();
    Map<String, LeafRun.ParentRun> parents = new HashMap<>();
    Map<String, LeafRun> runs = new LinkedHashMap<>();
    for (LeafSnapshot leaf : leaves) {
      List<LeafRun.ParentRun> ancestors = new ArrayList<>();
      leaf.ancestorMaximums().forEach(p -> ancestors.add(parents.computeIfAbsent(p.path(),
          k -> new LeafRun.ParentRun(p))));
      runs.put(leaf.name(), new LeafRun(leaf, ancestors, total));
    }
    Map<ApplicationAttemptId, String> waiting = new LinkedHashMap<>();
    for (AppDemand app : demand) {
      LeafRun run = runs.get(app.queue());
      if (run == null) {
        waiting.put(app.attemptId(), "queue " + app.queue() + " is not a leaf queue of the current configuration");
      } else {
        run.add(app);
      }
    }
    PriorityQueue<LeafRun> byNeed = new PriorityQueue<>(Comparator.comparingDouble(LeafRun::share)
        .thenComparing(LeafRun::path));
    runs.values().forEach(r -> {
      r.sortApps();
      byNeed.add(r);
    });
    List<Placement> placements = new ArrayList<>();
    while (!byNeed.isEmpty()) {
      LeafRun leaf = byNeed.poll();
      List<Placement> placed = leaf.placeOne(pass, waiting);
      if (!placed.isEmpty()) {
        placements.addAll(placed);
        byNeed.add(leaf);
      }
    }
    runs.values().forEach(r -> r.reportWaiting(waiting));
    Set<ApplicationAttemptId> starved = new LinkedHashSet<>(pass.starved());
    starved.retainAll(waiting.keySet()); // found no room for one ask, but placed later ones: not waiting
    return new SchedulingPlan(placements, waiting, starved, pass.reservations(), pass.nextWakeup());
  }
}
