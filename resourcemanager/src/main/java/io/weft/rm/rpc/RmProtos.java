package io.weft.rm.rpc;

import io.weft.common.config.CommonKeys;
import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.WeftException;
import io.weft.proto.ApplicationAttemptReport;
import io.weft.proto.ApplicationAttemptState;
import io.weft.proto.ApplicationReport;
import io.weft.proto.ApplicationResourceUsageReport;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.ClusterMetrics;
import io.weft.proto.Container;
import io.weft.proto.ContainerReport;
import io.weft.proto.ContainerState;
import io.weft.proto.ContainerStatus;
import io.weft.proto.FinalApplicationStatus;
import io.weft.proto.GetApplicationsRequest;
import io.weft.proto.NodeState;
import io.weft.proto.YarnApplicationState;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.queue.QueueView;
import io.weft.proto.QueueInfo;
import io.weft.rm.app.AttemptReport;
import io.weft.rm.app.FinalStatus;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.CompletedContainer;
import io.weft.rm.container.ContainerView;
import io.weft.rm.core.AppFilter;
import io.weft.rm.core.ClusterMetricsView;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** Wire <-> domain translations for the RM's services. */
final class RmProtos {
  static final String DEFAULT_QUEUE = "default";

  private RmProtos() {}

  static ApplicationReport toProto(AppReport r) {
    return ApplicationReport.newBuilder()
        .setApplicationId(r.id().toString())
        .setCurrentApplicationAttemptId(text(r.currentAttempt()))
        .setUser(r.user()).setQueue(r.queue()).setName(r.name())
        .setHost(r.amHost()).setRpcPort(r.amRpcPort())
        .setState(toProto(r.publicState())).setFinalStatus(toProto(r.finalStatus()))
        .setDiagnostics(r.diagnostics())
        .setTrackingUrl(r.trackingUrl()).setOriginalTrackingUrl(r.originalTrackingUrl())
        .setStartTimeMs(millis(r.submitTime())).setLaunchTimeMs(millis(r.launchTime()))
        .setFinishTimeMs(millis(r.finishTime()))
        .setUsage(ApplicationResourceUsageReport.newBuilder().setNumUsedContainers(r.usedContainers())
            .setUsedResources(Resources.toProto(r.usedResources()))
            .setNeededResources(Resources.toProto(r.neededResources())))
        .setProgress(r.progress()).setApplicationType(r.type()).addAllApplicationTags(r.tags())
        .setPriority(r.priority())
        .setAmContainerId(text(r.amContainer())).setAmNodeId(text(r.amNode()))
        .setWaitingReason(r.waitingReason())
        .setLifetimeExpiryMs(millis(r.lifetimeExpiry()))
        .setUnmanagedApplication(r.unmanagedAm())
        .build();
  }

  static ApplicationAttemptReport toProto(AttemptReport r) {
    return ApplicationAttemptReport.newBuilder()
        .setApplicationAttemptId(r.id().toString())
        .setState(ApplicationAttemptState.valueOf("ATTEMPT_" + r.state().name()))
        .setAmContainerId(text(r.amContainer())).setAmNodeId(text(r.amNode()))
        .setAmNodeHttpAddress(r.amNodeHttpAddress())
        .setHost(r.host()).setRpcPort(r.rpcPort()).setTrackingUrl(r.trackingUrl())
        .setDiagnostics(r.diagnostics())
        .setStartTimeMs(millis(r.startTime())).setFinishTimeMs(millis(r.finishTime()))
        .build();
  }

  static ContainerReport toProto(ContainerView c) {
    Allocation a = c.allocation();
    return ContainerReport.newBuilder()
        .setContainerId(a.containerId().toString())
        .setAllocated(Resources.toProto(a.resource()))
        .setNodeId(a.nodeId().toString()).setNodeHttpAddress(a.nodeHttpAddress())
        .setPriority(a.priority())
        .setCreationTimeMs(millis(c.created())).setFinishTimeMs(millis(c.finished()))
        .setDiagnostics(c.diagnostics()).setExitStatus(c.exitStatus())
        .setState(toProto(c.state()))
        .build();
  }

  static ContainerState toProto(io.weft.rm.container.ContainerState state) {
    return switch (state) {
      case NEW -> ContainerState.CONTAINER_NEW;
      case ALLOCATED, ACQUIRED -> ContainerState.CONTAINER_SCHEDULED;
      case RUNNING -> ContainerState.CONTAINER_RUNNING;
      default -> ContainerState.CONTAINER_COMPLETE;
    };
  }

  static io.weft.proto.NodeReport toProto(io.weft.rm.node.NodeReport n) {
    return io.weft.proto.NodeReport.newBuilder()
        .setNodeId(n.nodeId().toString()).setNodeState(toProto(n.state()))
        .setHttpAddress(n.httpAddress()).setRackName(n.rack())
        .setUsed(Resources.toProto(n.used())).setCapability(Resources.toProto(n.capability()))
        .setNumContainers(n.numContainers()).setHealthReport(n.healthReport())
        .setLastHealthReportTimeMs(millis(n.lastHeartbeat()))
        .setDecommissionDeadlineMs(n.decommissionDeadline() == null ? 0 : n.decommissionDeadline().toEpochMilli())
        .addAllNodeLabels(n.labels())
        .build();
  }

  static io.weft.proto.GetClusterNodeLabelsResponse toProto(io.weft.rm.node.NodeLabels labels) {
    var out = io.weft.proto.GetClusterNodeLabelsResponse.newBuilder();
    new java.util.TreeMap<>(labels.labels()).forEach((name, exclusive) -> out.addLabels(
        io.weft.proto.NodeLabel.newBuilder().setName(name).setExclusive(exclusive)));
    new java.util.TreeMap<>(labels.nodes()).forEach((node, label) -> out.addNodes(
        io.weft.proto.NodeToLabels.newBuilder().setNode(node).addLabels(label)));
    return out.build();
  }

  static NodeState toProto(io.weft.rm.node.NodeState state) {
    return NodeState.valueOf("NODE_" + state.name());
  }

  static io.weft.rm.node.NodeState fromProto(NodeState state) {
    try {
      return io.weft.rm.node.NodeState.valueOf(state.name().substring("NODE_".length()));
    } catch (IllegalArgumentException e) {
      throw WeftException.invalidArgument("node state " + state + " is not tracked by this ResourceManager");
    }
  }

  static YarnApplicationState toProto(AppState state) {
    return YarnApplicationState.valueOf(state.name());
  }

  static FinalApplicationStatus toProto(FinalStatus status) {
    return FinalApplicationStatus.valueOf("FINAL_" + status.name());
  }

  static FinalStatus fromProto(FinalApplicationStatus status) {
    return switch (status) {
      case FINAL_SUCCEEDED -> FinalStatus.SUCCEEDED;
      case FINAL_FAILED -> FinalStatus.FAILED;
      case FINAL_KILLED -> FinalStatus.KILLED;
      case FINAL_ENDED -> FinalStatus.ENDED;
      default -> FinalStatus.UNDEFINED;
    };
  }

  static ClusterMetrics toProto(ClusterMetricsView m) {
    return ClusterMetrics.newBuilder()
        .setNumNodeManagers(m.nodes()).setNumActiveNodeManagers(m.activeNodes())
        .setNumLostNodeManagers(m.lostNodes()).setNumUnhealthyNodeManagers(m.unhealthyNodes())
        .setNumDecommissionedNodeManagers(m.decommissionedNodes())
        .setNumShutdownNodeManagers(m.shutdownNodes())
        .setAppsSubmitted(m.appsSubmitted()).setAppsPending(m.appsPending()).setAppsRunning(m.appsRunning())
        .setAppsCompleted(m.appsCompleted()).setAppsFailed(m.appsFailed()).setAppsKilled(m.appsKilled())
        .setTotal(Resources.toProto(m.total())).setAllocated(Resources.toProto(m.allocated()))
        .setAvailable(Resources.toProto(m.available()))
        .setContainersAllocated(m.containersAllocated()).setContainersPending(m.containersPending())
        .build();
  }

  static Container toProto(Allocation a, TokenIssuer tokens) {
    return Container.newBuilder()
        .setId(a.containerId().toString()).setNodeId(a.nodeId().toString())
        .setNodeHttpAddress(a.nodeHttpAddress()).setResource(Resources.toProto(a.resource()))
        .setPriority(a.priority()).setContainerToken(tokens.containerToken(a))
        .setAllocationRequestId(a.allocationRequestId()).setRack("/default-rack")
        .build();
  }

  static ContainerStatus toProto(CompletedContainer c) {
    return ContainerStatus.newBuilder()
        .setContainerId(c.containerId().toString()).setState(ContainerState.CONTAINER_COMPLETE)
        .setExitStatus(c.exitStatus()).setDiagnostics(c.diagnostics())
        .setCapability(Resources.toProto(c.capability()))
        .build();
  }

  static AppFilter fromProto(GetApplicationsRequest r) {
    Set<AppState> states = new HashSet<>();
    r.getStatesValueList().forEach(number -> {
      YarnApplicationState s = YarnApplicationState.forNumber(number);
      if (s == null) {
        // proto3 keeps numbers it does not know; a newer or broken client may send one
        throw WeftException.invalidArgument("application state number " + number + " is not a state; the states are "
            + java.util.Arrays.toString(AppState.values()));
      }
      if (s != YarnApplicationState.APP_STATE_UNSPECIFIED) {
        states.add(AppState.valueOf(s.name()));
      }
    });
    return new AppFilter(states, Set.copyOf(r.getQueuesList()), Set.copyOf(r.getUsersList()),
        Set.copyOf(r.getApplicationTypesList()), Set.copyOf(r.getApplicationTagsList()), r.getLimit(),
        instant(r.getStartBeginMs()), instant(r.getStartEndMs()), instant(r.getFinishBeginMs()),
        instant(r.getFinishEndMs()));
  }

  /** A submission in domain terms; the AM resource and attempts are validated by the core. */
  static ApplicationSubmission fromProto(ApplicationSubmissionContext c) {
    if (c.getApplicationId().isBlank()) {
      throw WeftException.invalidArgument("submission has no application id; ask for a new application first");
    }
    ApplicationId id = ApplicationId.parse(c.getApplicationId());
    if (c.getUnmanagedAm()) {
      requireNothingToLaunch(id, c);
    } else if (!c.hasAmContainerSpec() || c.getAmContainerSpec().getCommandCount() == 0
        || c.getAmContainerSpec().getCommandList().stream().allMatch(String::isBlank)) {
      throw WeftException.invalidArgument("submission of " + id + " has no AM command in am_container_spec");
    }
    String queue = c.getQueue().isBlank() ? DEFAULT_QUEUE : c.getQueue().strip();
    return new ApplicationSubmission(id, c.getName().isBlank() ? "weft-app" : c.getName(), queue,
        c.getUser().isBlank() ? System.getProperty("user.name", "weft") : c.getUser(),
        c.getApplicationType().isBlank() ? "WEFT" : c.getApplicationType(), c.getApplicationTagsList(),
        c.getPriority(), Resources.fromProto(c.getAmResource()), c.getMaxAppAttempts(),
        c.getAmContainerSpec().toByteArray(), c.getKeepContainersAcrossApplicationAttempts(),
        lifetime(id, c.getLifetimeSeconds()), c.getUnmanagedAm(), c.getAmNodeLabelExpression(),
        c.getNodeLabelExpression(), c.getAmResourceName());
  }

  /**
   * An unmanaged AM runs where its client starts it: a command, environment or local resource for an AM container
   * would never be used, and a second attempt cannot be started, so asking for them is a mistake said at once. Its
   * AM resource is ignored (YARN's clients send one out of habit).
   */
  private static void requireNothingToLaunch(ApplicationId id, ApplicationSubmissionContext c) {
    var spec = c.getAmContainerSpec();
    if (spec.getCommandCount() > 0 || spec.getEnvironmentCount() > 0 || spec.getLocalResourcesCount() > 0) {
      throw WeftException.invalidArgument("submission of " + id + " asks for an unmanaged AM, which its client runs, "
          + "but its am_container_spec has " + spec.getCommandCount() + " command element(s), "
          + spec.getEnvironmentCount() + " environment variable(s) and " + spec.getLocalResourcesCount()
          + " local resource(s); the ResourceManager launches no AM container, so they must be empty");
    }
    if (c.getMaxAppAttempts() > 1) {
      throw WeftException.invalidArgument("submission of " + id + " asks for an unmanaged AM with max_app_attempts "
          + c.getMaxAppAttempts() + "; an unmanaged AM gets 1 attempt (its client runs it, the ResourceManager "
          + "cannot start another)");
    }
    if (!c.getAmNodeLabelExpression().isBlank()) {
      throw WeftException.invalidArgument("submission of " + id + " asks for an unmanaged AM with "
          + "am_node_label_expression '" + c.getAmNodeLabelExpression() + "'; an unmanaged AM runs in its client, on "
          + "no node of the cluster");
    }
    if (!c.getAmResourceName().isBlank() && !c.getAmResourceName().strip().equals("*")) {
      throw WeftException.invalidArgument("submission of " + id + " asks for an unmanaged AM with am_resource_name '"
          + c.getAmResourceName() + "'; an unmanaged AM runs in its client, on no node of the cluster");
    }
  }

  private static java.time.Duration lifetime(ApplicationId id, long seconds) {
    if (seconds < 0 || seconds > CommonKeys.MAX_LIFETIME_SECONDS) {
      throw WeftException.invalidArgument("submission of " + id + " has lifetime_seconds " + seconds
          + "; it must be from 1 to " + CommonKeys.MAX_LIFETIME_SECONDS + " (100 years), or 0 for no lifetime");
    }
    return java.time.Duration.ofSeconds(seconds);
  }

  static QueueInfo toProto(QueueView q) {
    return QueueInfo.newBuilder().setQueueName(q.name()).setQueuePath(q.path()).setCapacity(q.capacity())
        .setMaximumCapacity(q.maximumCapacity()).setCurrentCapacity(q.currentCapacity())
        .setAbsoluteCapacity(q.absoluteCapacity()).setAbsoluteMaximumCapacity(q.absoluteMaximumCapacity())
        .setAbsoluteUsedCapacity(q.absoluteUsedCapacity()).setQueueState(q.state().name())
        .setNumApplications(q.numApplications()).setNumPendingApplications(q.numPendingApplications())
        .setNumActiveApplications(q.numActiveApplications()).setUsed(Resources.toProto(q.used()))
        .setSchedulerType("capacity").setUserLimitFactor(q.userLimitFactor())
        .setMaxApplications(q.maxApplications()).setMaxAmResourcePercent(q.maxAmResourcePercent())
        .setAclSubmitApplications(q.submitAcl()).setAclAdministerQueue(q.adminAcl()).setIsLeaf(q.leaf())
        .addAllChildQueues(q.children().stream().map(RmProtos::toProto).toList())
        .build();
  }

  private static long millis(Instant t) {
    return t == null ? 0 : t.toEpochMilli();
  }

  private static Instant instant(long ms) {
    return ms <= 0 ? null : Instant.ofEpochMilli(ms);
  }

  private static String text(Object o) {
    return o == null ? "" : o.toString();
  }
}
