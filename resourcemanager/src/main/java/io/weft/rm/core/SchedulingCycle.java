package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.rm.app.AttemptState;
import io.weft.rm.app.RmApp;
import io.weft.rm.app.RmAttempt;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.ContainerEvent;
import io.weft.rm.container.RmContainer;
import io.weft.rm.node.RmNode;
import io.weft.rm.scheduler.AppDemand;
import io.weft.rm.scheduler.AskKey;
import io.weft.rm.scheduler.CapacityScheduler;
import io.weft.rm.scheduler.NodeIndex;
import io.weft.rm.scheduler.PendingAsk;
import io.weft.rm.scheduler.Placement;
import io.weft.rm.scheduler.PreemptionPlanner;
import io.weft.rm.scheduler.RejectedAsk;
import io.weft.rm.scheduler.SchedulingPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One scheduling pass: kill the preempted containers whose grace period is over and withdraw gang
 * asks past their timeout; snapshot the schedulable nodes, the leaf queues with their usage and
 * the pending demand; let the (pure) scheduler plan; apply the plan against the authoritative
 * state, re-checking each node; then, with preemption on, tell the AMs of over-capacity queues which
 * containers will go. Whatever waits on time (a locality delay, a gang timeout, a grace period)
 * asks for a wake-up, so no one polls.
 */
final class SchedulingCycle {
  private static final Logger LOG = LogManager.getLogger();
  private final ClusterState state;
  private final CapacityScheduler scheduler;
  private final Applications applications;
  private final Consumer<Instant> wakeAt;

  /** {@code wakeAt} arranges a pass at (or soon after) an instant. */
  SchedulingCycle(ClusterState state, CapacityScheduler scheduler, Applications applications,
      Consumer<Instant> wakeAt) {
    this.state = requireNonNull(state);
    this.scheduler = requireNonNull(scheduler);
    this.applications = requireNonNull(applications);
    this.wakeAt = requireNonNull(wakeAt);
  }

  void run() {
    Instant now = state.now();
    killPreempted(now);
    Map<ApplicationAttemptId, RmApp> owners = new HashMap<>();
    List<AppDemand> demand = new ArrayList<>();
    for (RmApp app : state.activeApps()) {
      RmAttempt attempt = app.currentAttempt().orElse(null);
      if (attempt == null || !wantsContainers(attempt)) {
        app.waitingReason("");
        continue;
      }
      expireGangs(app, attempt, now);
      if (attempt.asks().isEmpty()) {
        app.waitingReason("");
        continue;
      }
      owners.put(attempt.id(), app);
      List<PendingAsk> asks = attempt.asks().pending();
      demand.add(new AppDemand(attempt.id(), app.queue(), app.submission().user(), app.submission().priority(),
          asks, heldOn(app, asks), excluded(attempt)));
      Instant gangDeadline = attempt.asks().nextGangDeadline();
      if (gangDeadline != null) {
        wakeAt.accept(gangDeadline);
      }
    }
    if (demand.isEmpty()) {
      state.reservations = List.of();
      return;
    }
    NodeIndex index = state.nodeIndex();
    SchedulingPlan plan = scheduler.scheduleKeepingTakes(index,
        state.queues.snapshot(state.partitions(), state.queueUsage()), demand, state.reservations, now);
    state.reservations = plan.reservations();
    try {
      for (List<Placement> ofOneAttempt : byAttempt(plan.placements())) {
        RmApp app = owners.get(ofOneAttempt.get(0).attemptId());
        for (Placement placement : ofOneAttempt) {
          apply(app, placement, now);
        }
      }
    } finally {
      // the nodes that took containers are re-filed from the real nodes anyway: only the others are undone
      index.settle(state.nodesToRefile());
    }
    owners.forEach((attemptId, app) -> app.waitingReason(plan.waitingReasons().getOrDefault(attemptId, "")));
    if (plan.nextWakeup() != null) {
      wakeAt.accept(plan.nextWakeup());
    }
    if (state.schedulerSettings.preemption() && !plan.starved().isEmpty()) {
      preemptFor(plan.starved(), owners, now);
    }
  }

  /**
   * The placements grouped by attempt, each group in plan order. A pass takes turns among the applications, so its
   * plan interleaves them; booked one attempt at a time, each attempt's asks and books, and the snapshot's editor
   * of its containers, stay in cache from one container to the next instead of being fetched again for each.
   */
  private static Iterable<List<Placement>> byAttempt(List<Placement> placements) {
    Map<ApplicationAttemptId, List<Placement>> groups = new LinkedHashMap<>();
    ApplicationAttemptId last = null;
    List<Placement> ofLast = null;
    for (Placement placement : placements) {
      if (!placement.attemptId().equals(last)) {
        last = placement.attemptId();
        ofLast = groups.computeIfAbsent(last, a -> new ArrayList<>());
      }
      ofLast.add(placement);
    }
    return groups.values();
  }

  private static boolean wantsContainers(RmAttempt attempt) {
    if (attempt.asks().isEmpty()) {
      return false;
    }
    return attempt.state() == AttemptState.SCHEDULED || attempt.state() == AttemptState.RUNNING;
  }

  /** Gang asks not placed within their timeout are withdrawn; the AM hears why. */
  private static void expireGangs(RmApp app, RmAttempt attempt, Instant now) {
    for (PendingAsk ask : attempt.asks().expireGangs(now)) {
      String last = app.report().waitingReason();
      String reason = "gang of " + ask.gang().minCount() + " (of " + ask.count() + " containers of "
          + ask.key().capability().memoryMb() + " MB at priority " + ask.key().priority() + ") was not placed within "
          + ask.gang().timeout().toMillis() + " ms" + (last.isBlank() ? "" : " (last: " + last + ")")
          + "; the ask is withdrawn";
      LOG.info("{}: {}", attempt.id(), reason);
      attempt.offer(new RejectedAsk(ask.key(), ask.count(), reason));
    }
  }

  /** The nodes the attempt's blacklist names, by node id or by host name. */
  private Set<NodeId> excluded(RmAttempt attempt) {
    Set<String> names = attempt.blacklist();
    if (names.isEmpty()) {
      return Set.of();
    }
    Set<NodeId> out = new HashSet<>();
    for (NodeId node : state.nodes.keySet()) {
      if (names.contains(node.toString()) || names.contains(node.host())) {
        out.add(node);
      }
    }
    return out;
  }

  /** For the anti-affinity asks: the nodes that hold the attempt's live containers of each. */
  private Map<AskKey, Set<NodeId>> heldOn(RmApp app, List<PendingAsk> asks) {
    Map<AskKey, Set<NodeId>> held = null;
    for (PendingAsk ask : asks) {
      if (ask.antiAffinity()) {
        held = held == null ? new HashMap<>() : held;
        held.put(ask.key(), new HashSet<>());
      }
    }
    if (held == null) {
      return Map.of();
    }
    for (RmContainer c : state.liveContainersOf(app)) {
      Set<NodeId> nodes = held.get(new AskKey(c.allocation().priority(), c.resource(),
          c.allocation().allocationRequestId()));
      if (nodes != null) {
        nodes.add(c.nodeId());
      }
    }
    return held;
  }

  /** Books one placement; its container is created at the pass's {@code now} (one clock read per pass, not per container). */
  private void apply(RmApp app, Placement placement, Instant now) {
    RmAttempt attempt = app.attempt(placement.attemptId()).orElseThrow();
    RmNode node = state.nodeNumbered(placement.nodeNumber());
    if (node == null || !node.id().equals(placement.nodeId())) {
      node = state.node(placement.nodeId()); // planned outside the core's numbering (or the number moved on)
    }
    Resource capability = placement.key().capability();
    if (node == null || !node.state().isSchedulable() || !capability.fitsIn(node.free())
        || !attempt.asks().wants(placement.key())) {
      LOG.debug("dropping stale placement {}", placement);
      return;
    }
    ContainerId id = attempt.nextContainerId();
    Allocation allocation = new Allocation(id, node.id(), node.httpAddress(), capability,
        placement.key().priority(), placement.key().allocationRequestId(), app.submission().user());
    RmContainer container = state.newContainer(allocation, placement.amContainer(), now);
    state.containers.put(id, container);
    container.handle(new ContainerEvent.Allocated());
    node.allocate(id, capability);
    app.containerStarted(id, node.number(), capability, container.created());
    attempt.asks().allocated(placement.key());
    if (placement.amContainer()) {
      applications.amPlaced(app, attempt, container);
    } else {
      attempt.offer(allocation);
    }
  }

  /**
   * Queues below their guarantee whose applications found no room take containers back from
   * queues above theirs: the AMs are told now and the containers killed after the grace period.
   */
  private void preemptFor(Set<ApplicationAttemptId> starvedAttempts, Map<ApplicationAttemptId, RmApp> owners,
      Instant now) {
    List<PreemptionPlanner.Starved> starved = new ArrayList<>();
    for (ApplicationAttemptId id : starvedAttempts) {
      RmApp app = owners.get(id);
      app.attempt(id).ifPresent(a -> starved.add(new PreemptionPlanner.Starved(app.queue(), app.submission().user(),
          a.asks().needed())));
    }
    List<PreemptionPlanner.Running> running = new ArrayList<>();
    for (RmApp app : state.activeApps()) {
      for (RmContainer c : state.liveContainersOf(app)) {
        running.add(new PreemptionPlanner.Running(c.id(), app.queue(), c.resource(), c.isAmContainer(),
            c.created()));
      }
    }
    List<PreemptionPlanner.Running> chosen = PreemptionPlanner.choose(
        state.queues.snapshot(state.schedulableCapacity(), state.queueUsage()), starved, running,
        state.preempting.keySet());
    Instant deadline = now.plus(state.schedulerSettings.preemptionGrace());
    for (PreemptionPlanner.Running c : chosen) {
      LOG.info("preempting {} of queue {} for queue(s) below their guarantee (killed at {} unless released)", c.id(),
          c.queue(), deadline);
      state.preempting.put(c.id(), deadline);
      state.attempt(c.id().attemptId()).ifPresent(RmAttempt::wake);
    }
    if (!chosen.isEmpty()) {
      wakeAt.accept(deadline);
    }
  }

  /** Kills the preempted containers whose grace period is over, with exit status -102 (PREEMPTED). */
  private void killPreempted(Instant now) {
    if (state.preempting.isEmpty()) {
      return;
    }
    List<RmContainer> due = new ArrayList<>();
    Instant next = null;
    for (Map.Entry<ContainerId, Instant> e : state.preempting.entrySet()) {
      if (now.isBefore(e.getValue())) {
        next = next == null || e.getValue().isBefore(next) ? e.getValue() : next;
      } else if (state.containers.containsKey(e.getKey())) {
        due.add(state.containers.get(e.getKey()));
      }
    }
    if (next != null) {
      wakeAt.accept(next);
    }
    if (due.isEmpty()) {
      return;
    }
    state.stopContainers(due, new ContainerEvent.Killed(), ExitStatus.PREEMPTED,
        "Container preempted by the scheduler to give a queue below its guarantee its share");
    due.forEach(applications::containerCompleted);
  }
}
