package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
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

  Reports(ClusterState state) {
    this.state = requireNonNull(state);
  }

  AppReport application(ApplicationId id) {
    return app(id).report();
  }

  List<AppReport> applications(AppFilter filter) {
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
    for (RmNode node : state.nodes.values()) {
      nodeCounts[node.state().ordinal()]++;
      if (node.state().isActive()) {
        total = total.add(node.capability());
        allocated = allocated.add(node.allocated());
      }
    }
    int pending = 0;
    int running = 0;
    int completed = 0;
    int failed = 0;
    int killed = 0;
    int containersPending = 0;
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
    }
    completed += state.forgotten.getOrDefault(AppState.FINISHED, 0);
    failed += state.forgotten.getOrDefault(AppState.FAILED, 0);
    killed += state.forgotten.getOrDefault(AppState.KILLED, 0);
    int submitted = state.apps.size() + state.forgotten.values().stream().mapToInt(Integer::intValue).sum();
    int containersAllocated = (int) state.containers.values().stream().filter(c -> !c.state().isFinal()).count();
    return new ClusterMetricsView(state.nodes.size(), nodeCounts[NodeState.RUNNING.ordinal()],
        nodeCounts[NodeState.LOST.ordinal()], nodeCounts[NodeState.UNHEALTHY.ordinal()],
        nodeCounts[NodeState.SHUTDOWN.ordinal()], submitted, pending, running, completed, failed, killed,
        total, allocated, state.available(), containersAllocated, containersPending,
        nodeCounts[NodeState.DECOMMISSIONING.ordinal()], nodeCounts[NodeState.DECOMMISSIONED.ordinal()]);
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

  private RmApp app(ApplicationId id) {
    return state.app(id).orElseThrow(() -> WeftException.notFound("application " + id + " is not known"));
  }
}
