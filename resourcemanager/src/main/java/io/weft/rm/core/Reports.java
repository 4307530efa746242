package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceUtilization;
import io.weft.common.rpc.WeftException;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.app.AttemptReport;
import io.weft.rm.app.ContainerUsage;
import io.weft.rm.container.ContainerView;
import io.weft.rm.node.NodeReport;
import io.weft.rm.node.NodeState;
import io.weft.rm.queue.QueueView;
import io.weft.rm.queue.Queues;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Read-only queries, answered on the caller's thread from the latest {@link CoreSnapshot}: each
 * query takes the snapshot once, so everything in one answer is from the end of the same batch.
 * Nothing here touches the core loop's state.
 */
final class Reports {
  private final Snapshots snapshots;
  private final EventLoop loop;
  private final Clock clock;
  private final boolean preemption;

  Reports(Snapshots snapshots, EventLoop loop, Clock clock, boolean preemption) {
    this.snapshots = requireNonNull(snapshots);
    this.loop = requireNonNull(loop);
    this.clock = requireNonNull(clock);
    this.preemption = preemption;
  }

  AppReport application(ApplicationId id) {
    return app(snapshots.latest(), id).report();
  }

  List<AppReport> applications(AppFilter requested) {
    CoreSnapshot s = snapshots.latest();
    AppFilter filter = requested.withQueues(requested.queues().stream().map(q -> leafName(s, q))
        .collect(Collectors.toSet()));
    List<AppReport> out = new ArrayList<>();
    try {
      s.apps().forEach((id, app) -> {
        if (filter.matches(app.report())) {
          out.add(app.report());
          if (filter.limit() > 0 && out.size() >= filter.limit()) {
            throw LimitReached.INSTANCE;
          }
        }
      });
    } catch (LimitReached enough) {
      // the listing is full
    }
    return out;
  }

  /** Stops a walk over the applications once a listing has its limit. */
  private static final class LimitReached extends RuntimeException {
    static final LimitReached INSTANCE = new LimitReached();

    private LimitReached() {
      super(null, null, false, false);
    }
  }

  /** Reports name leaves by short name; a filter may name one by its full path ({@code root.default}), as YARN 3.4. */
  private static String leafName(CoreSnapshot s, String queue) {
    return s.queueRoot().find(queue).map(q -> q.name()).orElse(queue);
  }

  List<AttemptReport> attempts(ApplicationId id) {
    return app(snapshots.latest(), id).attempts();
  }

  List<ContainerView> containers(ApplicationAttemptId attemptId) {
    CoreSnapshot s = snapshots.latest();
    CoreSnapshot.App app = app(s, attemptId.applicationId());
    if (app.attempts().stream().noneMatch(a -> a.id().equals(attemptId))) {
      throw WeftException.notFound("attempt " + attemptId + " is not known");
    }
    List<ContainerView> out = new ArrayList<>();
    s.containers().forEachOf(attemptId, (id, c) -> out.add(c.view()));
    return out;
  }

  /** The nodes in {@code states} (all when empty), in id order. */
  List<NodeReport> nodes(Set<NodeState> states) {
    List<NodeReport> out = new ArrayList<>();
    snapshots.latest().nodes().forEach(node -> {
      if (states.isEmpty() || states.contains(node.state())) {
        out.add(node);
      }
    });
    out.sort(Comparator.comparing(NodeReport::nodeId));
    return out;
  }

  QueueView queue(String name, boolean withChildren) {
    CoreSnapshot s = snapshots.latest();
    return new Queues(s.queueRoot()).view(name, withChildren, s.partitions(), s.queueUsage(), preemption);
  }

  ClusterMetricsView metrics() {
    CoreSnapshot s = snapshots.latest();
    int[] nodeCounts = new int[NodeState.values().length];
    Resource[] total = {Resource.NONE};
    Resource[] allocated = {Resource.NONE};
    ResourceUtilization[] containersMeasured = {ResourceUtilization.NONE};
    ResourceUtilization[] hostsMeasured = {ResourceUtilization.NONE};
    s.nodes().forEach(node -> {
      nodeCounts[node.state().ordinal()]++;
      if (node.state().isActive()) {
        total[0] = total[0].add(node.capability());
        allocated[0] = allocated[0].add(node.used());
        containersMeasured[0] = containersMeasured[0].add(node.utilization().containers());
        hostsMeasured[0] = hostsMeasured[0].add(node.utilization().node());
      }
    });
    int[] apps = new int[5]; // pending, running, completed, failed, killed
    int[] containersPending = {0};
    Resource[] pendingResource = {Resource.NONE};
    s.apps().forEach((id, app) -> {
      AppState state = app.report().state();
      switch (state) {
        case NEW, NEW_SAVING, SUBMITTED, ACCEPTED -> apps[0]++;
        case RUNNING, FINAL_SAVING, FINISHING -> apps[1]++;
        case FINISHED -> apps[2]++;
        case FAILED -> apps[3]++;
        case KILLED -> apps[4]++;
        default -> { }
      }
      containersPending[0] += app.pendingContainers();
      if (!state.isFinal()) {
        pendingResource[0] = pendingResource[0].add(app.report().neededResources());
      }
    });
    int completed = apps[2] + s.forgotten().getOrDefault(AppState.FINISHED, 0);
    int failed = apps[3] + s.forgotten().getOrDefault(AppState.FAILED, 0);
    int killed = apps[4] + s.forgotten().getOrDefault(AppState.KILLED, 0);
    int submitted = s.apps().size() + s.forgotten().values().stream().mapToInt(Integer::intValue).sum();
    Instant aSecondAgo = clock.instant().minusSeconds(1);
    int[] containers = {0, 0}; // allocated (live), assigned in the last second
    s.containers().forEach((id, c) -> {
      if (!c.view().state().isFinal()) {
        containers[0]++;
      }
      if (c.view().created().isAfter(aSecondAgo)) {
        containers[1]++;
      }
    });
    Resource reserved = Resource.NONE;
    for (var reservation : s.reservations()) {
      reserved = reserved.add(reservation.key().capability());
    }
    return new ClusterMetricsView(s.nodes().size(), nodeCounts[NodeState.RUNNING.ordinal()],
        nodeCounts[NodeState.LOST.ordinal()], nodeCounts[NodeState.UNHEALTHY.ordinal()],
        nodeCounts[NodeState.SHUTDOWN.ordinal()], submitted, apps[0], apps[1], completed, failed, killed,
        total[0], allocated[0], s.available(), containers[0], containersPending[0],
        nodeCounts[NodeState.DECOMMISSIONING.ordinal()], nodeCounts[NodeState.DECOMMISSIONED.ordinal()],
        pendingResource[0], reserved, s.reservations().size(), containersMeasured[0], hostsMeasured[0], containers[1],
        loop.waiting(), loop.busyPercent());
  }

  /** Resource·seconds per application, from every container it held. */
  Map<ApplicationId, ResourceSeconds> resourceSeconds() {
    CoreSnapshot s = snapshots.latest();
    Instant now = clock.instant();
    Map<ApplicationId, ResourceSeconds> out = new HashMap<>();
    s.apps().forEach((id, app) -> out.put(id, used(app.usage(), now)));
    return out;
  }

  private static ResourceSeconds used(ContainerUsage usage, Instant now) {
    return new ResourceSeconds(usage.memorySecondsAt(now), usage.vcoreSecondsAt(now));
  }

  /**
   * Per application: its queue's full path, resource·seconds held and preempted, what its preempted
   * containers held, and its share of its queue and of the cluster. Costs one step per application, not per
   * container ({@link ContainerUsage}).
   */
  Map<ApplicationId, AppUsage> appUsage() {
    CoreSnapshot s = snapshots.latest();
    Instant now = clock.instant();
    Resource total = s.schedulableCapacity();
    Map<ApplicationId, AppUsage> out = new HashMap<>();
    s.apps().forEach((id, app) -> {
      var leaf = s.queueRoot().find(app.report().queue());
      Resource holds = app.report().usedResources();
      double share = holds.dominantShareOf(total);
      double clusterShare = Double.isFinite(share) ? share : 0; // no schedulable node left: no share to speak of
      double queueShare = leaf.map(q -> q.absoluteCapacity() > 0 ? clusterShare / q.absoluteCapacity() : 0.0)
          .orElse(0.0);
      ContainerUsage usage = app.usage();
      out.put(id, new AppUsage(leaf.map(q -> q.path()).orElse(app.report().queue()), used(usage, now),
          new ResourceSeconds(usage.preemptedMemorySeconds(), usage.preemptedVcoreSeconds()), usage.preempted(),
          usage.amContainersPreempted(), usage.otherContainersPreempted(), 100 * queueShare, 100 * clusterShare,
          app.amHolds()));
    });
    return out;
  }

  /** How many applications and container records the RM holds in memory. */
  RmCore.RetainedRecords retained() {
    CoreSnapshot s = snapshots.latest();
    return new RmCore.RetainedRecords(s.apps().size(), s.containers().size());
  }

  private static CoreSnapshot.App app(CoreSnapshot s, ApplicationId id) {
    CoreSnapshot.App app = s.apps().get(id);
    if (app == null) {
      throw WeftException.notFound("application " + id + " is not known");
    }
    return app;
  }
}
