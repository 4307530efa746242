package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.rm.app.AttemptState;
import io.weft.rm.app.RmApp;
import io.weft.rm.app.RmAttempt;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.ContainerEvent;
import io.weft.rm.container.RmContainer;
import io.weft.rm.node.RmNode;
import io.weft.rm.scheduler.AppDemand;
import io.weft.rm.scheduler.CapacityScheduler;
import io.weft.rm.scheduler.Placement;
import io.weft.rm.scheduler.SchedulingPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One scheduling pass: snapshot the schedulable nodes, the leaf queues with their usage and the
 * pending demand, let the (pure) scheduler plan, then apply the plan against the authoritative
 * state, re-checking each node.
 */
final class SchedulingCycle {
  private static final Logger LOG = LogManager.getLogger();
  private final ClusterState state;
  private final CapacityScheduler scheduler;
  private final Applications applications;

  SchedulingCycle(ClusterState state, CapacityScheduler scheduler, Applications applications) {
    this.state = requireNonNull(state);
    this.scheduler = requireNonNull(scheduler);
    this.applications = requireNonNull(applications);
  }

  void run() {
    Map<ApplicationAttemptId, RmApp> owners = new HashMap<>();
    List<AppDemand> demand = new ArrayList<>();
    for (RmApp app : state.apps.values()) {
      RmAttempt attempt = app.currentAttempt().orElse(null);
      if (app.state().isFinal() || attempt == null || !wantsContainers(attempt)) {
        app.waitingReason("");
        continue;
      }
      owners.put(attempt.id(), app);
      demand.add(new AppDemand(attempt.id(), app.queue(), app.submission().user(), app.submission().priority(),
          attempt.asks().pending()));
    }
    if (demand.isEmpty()) {
      return;
    }
    SchedulingPlan plan = scheduler.schedule(state.nodeIndex(),
        state.queues.snapshot(state.schedulableCapacity(), state.queueUsage()), demand);
    for (Placement placement : plan.placements()) {
      apply(owners.get(placement.attemptId()), placement);
    }
    owners.forEach((attemptId, app) -> app.waitingReason(plan.waitingReasons().getOrDefault(attemptId, "")));
  }

  private static boolean wantsContainers(RmAttempt attempt) {
    if (attempt.asks().isEmpty()) {
      return false;
    }
    return attempt.state() == AttemptState.SCHEDULED || attempt.state() == AttemptState.RUNNING;
  }

  private void apply(RmApp app, Placement placement) {
    RmAttempt attempt = app.attempt(placement.attemptId()).orElseThrow();
    RmNode node = state.nodes.get(placement.nodeId());
    Resource capability = placement.key().capability();
    if (node == null || !node.state().isSchedulable() || !capability.fitsIn(node.free())
        || !attempt.asks().wants(placement.key())) {
      LOG.debug("dropping stale placement {}", placement);
      return;
    }
    ContainerId id = attempt.nextContainerId();
    Allocation allocation = new Allocation(id, node.id(), node.httpAddress(), capability,
        placement.key().priority(), placement.key().allocationRequestId(), app.submission().user());
    RmContainer container = new RmContainer(allocation, placement.amContainer(), state.now());
    state.containers.put(id, container);
    container.handle(new ContainerEvent.Allocated());
    node.allocate(id, capability);
    app.containerStarted(id, node.id(), capability);
    attempt.asks().allocated(placement.key());
    if (placement.amContainer()) {
      applications.amPlaced(app, attempt, container);
    } else {
      attempt.offer(allocation);
    }
  }
}
