package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.NodeUtilization;
import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceUtilization;
import io.weft.common.rpc.WeftException;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.app.AttemptReport;
import io.weft.rm.app.RmApp;
import io.weft.rm.app.RmAttempt;
import io.weft.rm.container.ContainerView;
import io.weft.rm.container.RmContainer;
import io.weft.rm.node.NodeReport;
import io.weft.rm.node.NodeState;
import io.weft.rm.node.RmNode;
import io.weft.rm.scheduler.PendingAsk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Read-only queries on the core loop, answered with immutable records. */
final class Reports {
  private final ClusterState state;
  private final EventLoop loop;

  Reports(ClusterState state, EventLoop loop) {
    this.state = requireNonNull(state);
    this.loop = requireNonNull(loop);
  }

  AppReport application(ApplicationId id) {
    return app(id).report();
  }

  List<AppReport> applications(AppFilter requested) {
    AppFilter filter = requested.withQueues(requested.queues().stream().map(this::leafName)
        .collect(java.util.stream.Collectors.toSet()));
    List<AppReport> out = new ArrayList<>();
    for (RmApp app : state.apps.values()) {
      AppReport report = app.report();
      if (filter.matches(report)) {
        out.add(report);
        if (filter.limit() > 0 && out.size() >= filter.limit()) {
          break;
        }
      }
    }
    return out;
  }

  /** Reports name leaves by short name; a filter may name one by its full path ({@code root.default}), as YARN 3.4. */
  private String leafName(String queue) {
    return state.queues.root().find(queue).map(q -> q.name()).orElse(queue);
  }

  List<AttemptReport> attempts(ApplicationId id) {
    return app(id).attempts().stream().map(RmAttempt::report).toList();
  }

  List<ContainerView> containers(ApplicationAttemptId attemptId) {
    RmApp app = app(attemptId.applicationId());
    app.attempt(attemptId).orElseThrow(() -> WeftException.notFound("attempt " + attemptId + " is not known"));
    return state.containers.values().stream()
        .filter(c -> c.id().attemptId().equals(attemptId))
        .sorted(Comparator.comparing(RmContainer::id))
        .map(RmContainer::view)
        .toList();
  }

  List<NodeReport> nodes(Set<NodeState> states) {
    return state.nodes.values().stream()
        .filter(n -> states.isEmpty() || states.contains(n.state()))
        .map(RmNode::report)
        .toList();
  }

  ClusterMetricsView metrics() {
    int[] nodeCounts = new int[NodeState.values().length];
    Resource total = Resource.NONE;
    Resource allocated = Resource.NONE;
    ResourceUtilization containersMeasured = ResourceUtilization.NONE;
    ResourceUtilization hostsMeasured = ResourceUtilization.NONE;
    for (RmNode node : state.nodes.values()) {
      nodeCounts[node.state().ordinal()]++;
      if (node.state().isActive()) {
        total = total.add(node.capability());
        allocated = allocated.add(node.allocated());
        NodeUtilization measured = node.report().utilization();
        containersMeasured = containersMeasured.add(measured.containers());
        hostsMeasured = hostsMeasured.add(measured.node());
      }
    }
    int pending = 0;
    int running = 0;
    int completed = 0;
    int failed = 0;
    int killed = 0;
    int containersPending = 0;
    Resource pendingResource = Resource.NONE;
    for (RmApp app : state.apps.values()) {
      switch (app.state()) {
        case NEW, NEW_SAVING, SUBMITTED, ACCEPTED -> pending++;
        case RUNNING, FINAL_SAVING, FINISHING -> running++;
        case FINISHED -> completed++;
        case FAILED -> failed++;
        case KILLED -> killed++;
        default -> { }
      }
      containersPending += app.currentAttempt()
          .map(a -> a.asks().pending().stream().mapToInt(PendingAsk::count).sum()).orElse(0);
      if (!app.state().isFinal()) {
        pendingResource = pendingResource.add(app.currentAttempt().map(a -> a.asks().needed()).orElse(Resource.NONE));
      }
    }
    completed += state.forgotten.getOrDefault(AppState.FINISHED, 0);
    failed += state.forgotten.getOrDefault(AppState.FAILED, 0);
    killed += state.forgotten.getOrDefault(AppState.KILLED, 0);
    int submitted = state.apps.size() + state.forgotten.values().stream().mapToInt(Integer::intValue).sum();
    int containersAllocated = (int) state.containers.values().stream().filter(c -> !c.state().isFinal()).count();
    java.time.Instant aSecondAgo = state.now().minusSeconds(1);
    int assignedLastSecond = (int) state.containers.values().stream()
        .filter(c -> c.created().isAfter(aSecondAgo)).count();
    Resource reserved = Resource.NONE;
    for (var reservation : state.reservations) {
      reserved = reserved.add(reservation.key().capability());
    }
    return new ClusterMetricsView(state.nodes.size(), nodeCounts[NodeState.RUNNING.ordinal()],
        nodeCounts[NodeState.LOST.ordinal()], nodeCounts[NodeState.UNHEALTHY.ordinal()],
        nodeCounts[NodeState.SHUTDOWN.ordinal()], submitted, pending, running, completed, failed, killed,
        total, allocated, state.available(), containersAllocated, containersPending,
        nodeCounts[NodeState.DECOMMISSIONING.ordinal()], nodeCounts[NodeState.DECOMMISSIONED.ordinal()],
        pendingResource, reserved, state.reservations.size(), containersMeasured, hostsMeasured, assignedLastSecond,
        loop.waiting(), loop.busyPercent());
  }

  /** Resource·seconds per application, from every container it held (one pass over the containers). */
  java.util.Map<ApplicationId, ResourceSeconds> resourceSeconds() {
    java.util.Map<ApplicationId, ResourceSeconds> out = new java.util.HashMap<>();
    java.time.Instant now = state.now();
    for (RmContainer c : state.containers.values()) {
      ContainerView view = c.view();
      java.time.Instant end = view.finished() == null ? now : view.finished();
      double seconds = Math.max(0, java.time.Duration.between(view.created(), end).toMillis()) / 1000.0;
      out.merge(c.id().applicationId(), ResourceSeconds.NONE.plus(c.resource().memoryMb(), c.resource().vcores(),
          seconds), (a, b) -> new ResourceSeconds(a.memorySeconds() + b.memorySeconds(),
          a.vcoreSeconds() + b.vcoreSeconds()));
    }
    return out;
  }

  /**
   * Per application: its queue's full path, resource·seconds held and preempted (one pass over the
   * retained containers), what its preempted containers held, and its share of its queue and of the cluster.
   */
  java.util.Map<ApplicationId, AppUsage> appUsage() {
    java.util.Map<ApplicationId, ResourceSeconds> used = resourceSeconds();
    java.util.Map<ApplicationId, ResourceSeconds> preemptedSeconds = new java.util.HashMap<>();
    java.util.Map<ApplicationId, Resource> preempted = new java.util.HashMap<>();
    java.util.Map<ApplicationId, int[]> preemptedCounts = new java.util.HashMap<>();
    for (RmContainer c : state.containers.values()) {
      ContainerView view = c.view();
      if (view.finished() == null || view.exitStatus() != ExitStatus.PREEMPTED) {
        continue;
      }
      ApplicationId app = c.id().applicationId();
      double seconds = Math.max(0, java.time.Duration.between(view.created(), view.finished()).toMillis()) / 1000.0;
      preemptedSeconds.merge(app, ResourceSeconds.NONE.plus(c.resource().memoryMb(), c.resource().vcores(), seconds),
          (a, b) -> new ResourceSeconds(a.memorySeconds() + b.memorySeconds(), a.vcoreSeconds() + b.vcoreSeconds()));
      preempted.merge(app, c.resource(), Resource::add);
      preemptedCounts.computeIfAbsent(app, k -> new int[2])[c.isAmContainer() ? 0 : 1]++;
    }
    Resource total = state.schedulableCapacity();
    java.util.Map<ApplicationId, AppUsage> out = new java.util.HashMap<>();
    for (RmApp app : state.apps.values()) {
      ApplicationId id = app.submission().id();
      var leaf = state.queues.root().find(app.queue());
      Resource holds = app.holds();
      double share = holds.dominantShareOf(total);
      double clusterShare = Double.isFinite(share) ? share : 0; // no schedulable node left: no share to speak of
      double queueShare = leaf.map(q -> q.absoluteCapacity() > 0 ? clusterShare / q.absoluteCapacity() : 0.0)
          .orElse(0.0);
      int[] counts = preemptedCounts.getOrDefault(id, new int[2]);
      out.put(id, new AppUsage(leaf.map(q -> q.path()).orElse(app.queue()),
          used.getOrDefault(id, ResourceSeconds.NONE), preemptedSeconds.getOrDefault(id, ResourceSeconds.NONE),
          preempted.getOrDefault(id, Resource.NONE), counts[0], counts[1], 100 * queueShare, 100 * clusterShare,
          app.amHolds()));
    }
    return out;
  }

  private RmApp app(ApplicationId id) {
    return state.app(id).orElseThrow(() -> WeftException.notFound("application " + id + " is not known"));
  }
}
