package io.weft.client;

import io.weft.client.admin.AdminAclRefreshed;
import io.weft.client.admin.IssuedUserToken;
import io.weft.client.admin.NodesRefreshed;
import io.weft.client.admin.QueuesRefreshed;
import io.weft.client.admin.UserToken;
import io.weft.client.records.ApplicationAttemptReport;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.ApplicationResourceUsageReport;
import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.client.records.ClusterMetrics;
import io.weft.client.records.ContainerLaunchContext;
import io.weft.client.records.ContainerReport;
import io.weft.client.records.ContainerState;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.LocalResource;
import io.weft.client.records.LocalResourceType;
import io.weft.client.records.LocalResourceVisibility;
import io.weft.client.records.NodeReport;
import io.weft.client.records.NodeState;
import io.weft.client.records.QueueInfo;
import io.weft.client.records.QueueState;
import io.weft.client.records.YarnApplicationAttemptState;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.WeftException;
import java.util.function.Function;

/**
 * The one place the client's public records meet protobuf: RM answers become {@code io.weft.client.records}, a
 * submission becomes the wire's context. A wire enum value with no public counterpart (an unset one, or one a newer
 * RM added) is refused naming it, never mapped to a guess.
 */
final class ProtoReports {
  private ProtoReports() {}

  static ApplicationReport application(io.weft.proto.ApplicationReport r) {
    return ApplicationReport.newBuilder()
        .applicationId(ApplicationId.parse(r.getApplicationId()))
        .currentApplicationAttemptId(optional(r.getCurrentApplicationAttemptId(), ApplicationAttemptId::parse))
        .user(r.getUser()).queue(r.getQueue()).name(r.getName())
        .host(r.getHost()).rpcPort(r.getRpcPort())
        .yarnApplicationState(applicationState(r.getState()))
        .diagnostics(r.getDiagnostics())
        .trackingUrl(r.getTrackingUrl()).originalTrackingUrl(r.getOriginalTrackingUrl())
        .startTime(r.getStartTimeMs()).launchTime(r.getLaunchTimeMs()).finishTime(r.getFinishTimeMs())
        .finalApplicationStatus(finalStatus(r.getFinalStatus()))
        .applicationResourceUsageReport(usage(r.getUsage()))
        .progress(r.getProgress())
        .applicationType(r.getApplicationType())
        .applicationTags(r.getApplicationTagsList())
        .priority(r.getPriority())
        .amContainerId(optional(r.getAmContainerId(), ContainerId::parse))
        .amNodeId(optional(r.getAmNodeId(), NodeId::parse))
        .waitingReason(r.getWaitingReason())
        .lifetimeExpiryTime(r.getLifetimeExpiryMs())
        .unmanagedApp(r.getUnmanagedApplication())
        .amrmToken(r.getAmrmToken().isEmpty() ? "" : java.util.Base64.getEncoder().encodeToString(
            r.getAmrmToken().toByteArray()))
        .build();
  }

  static ApplicationResourceUsageReport usage(io.weft.proto.ApplicationResourceUsageReport u) {
    return ApplicationResourceUsageReport.newBuilder()
        .numUsedContainers(u.getNumUsedContainers()).numReservedContainers(u.getNumReservedContainers())
        .usedResources(Resources.fromProto(u.getUsedResources()))
        .reservedResources(Resources.fromProto(u.getReservedResources()))
        .neededResources(Resources.fromProto(u.getNeededResources()))
        .memorySeconds(u.getMemorySeconds()).vcoreSeconds(u.getVcoreSeconds())
        .queueUsagePercentage(u.getQueueUsagePercentage()).clusterUsagePercentage(u.getClusterUsagePercentage())
        .build();
  }

  static NodeReport node(io.weft.proto.NodeReport n) {
    return NodeReport.newBuilder()
        .nodeId(NodeId.parse(n.getNodeId()))
        .nodeState(nodeState(n.getNodeState()))
        .httpAddress(n.getHttpAddress()).rackName(n.getRackName())
        .used(Resources.fromProto(n.getUsed())).capability(Resources.fromProto(n.getCapability()))
        .numContainers(n.getNumContainers())
        .healthReport(n.getHealthReport()).lastHealthReportTime(n.getLastHealthReportTimeMs())
        .nodeLabels(n.getNodeLabelsList())
        .decommissionDeadline(n.getDecommissionDeadlineMs())
        .build();
  }

  static ApplicationAttemptReport attempt(io.weft.proto.ApplicationAttemptReport a) {
    return ApplicationAttemptReport.newBuilder()
        .applicationAttemptId(ApplicationAttemptId.parse(a.getApplicationAttemptId()))
        .yarnApplicationAttemptState(attemptState(a.getState()))
        .amContainerId(optional(a.getAmContainerId(), ContainerId::parse))
        .host(a.getHost()).rpcPort(a.getRpcPort())
        .trackingUrl(a.getTrackingUrl()).diagnostics(a.getDiagnostics())
        .startTime(a.getStartTimeMs()).finishTime(a.getFinishTimeMs())
        .amNodeId(optional(a.getAmNodeId(), NodeId::parse))
        .amNodeHttpAddress(a.getAmNodeHttpAddress())
        .build();
  }

  static ContainerReport container(io.weft.proto.ContainerReport c) {
    return ContainerReport.newBuilder()
        .containerId(ContainerId.parse(c.getContainerId()))
        .allocatedResource(Resources.fromProto(c.getAllocated()))
        .assignedNode(NodeId.parse(c.getNodeId()))
        .priority(c.getPriority())
        .creationTime(c.getCreationTimeMs()).finishTime(c.getFinishTimeMs())
        .diagnosticsInfo(c.getDiagnostics()).logUrl(c.getLogUrl())
        .containerExitStatus(c.getExitStatus())
        .containerState(containerState(c.getState()))
        .nodeHttpAddress(c.getNodeHttpAddress())
        .build();
  }

  static QueueInfo queue(io.weft.proto.QueueInfo q) {
    return QueueInfo.newBuilder()
        .queueName(q.getQueueName()).queuePath(q.getQueuePath())
        .capacity(q.getCapacity()).maximumCapacity(q.getMaximumCapacity()).currentCapacity(q.getCurrentCapacity())
        .absoluteCapacity(q.getAbsoluteCapacity()).absoluteMaximumCapacity(q.getAbsoluteMaximumCapacity())
        .absoluteUsedCapacity(q.getAbsoluteUsedCapacity())
        .childQueues(q.getChildQueuesList().stream().map(ProtoReports::queue).toList())
        .applications(q.getApplicationsList().stream().map(ProtoReports::application).toList())
        .queueState(queueState(q.getQueueState()))
        .numApplications(q.getNumApplications()).numPendingApplications(q.getNumPendingApplications())
        .numActiveApplications(q.getNumActiveApplications())
        .used(Resources.fromProto(q.getUsed()))
        .schedulerType(q.getSchedulerType())
        .userLimitFactor(q.getUserLimitFactor()).maxApplications(q.getMaxApplications())
        .maxAmResourcePercent(q.getMaxAmResourcePercent())
        .aclSubmitApplications(q.getAclSubmitApplications()).aclAdministerQueue(q.getAclAdministerQueue())
        .leaf(q.getIsLeaf())
        .build();
  }

  static ClusterMetrics metrics(io.weft.proto.ClusterMetrics m) {
    return ClusterMetrics.newBuilder()
        .numNodeManagers(m.getNumNodeManagers()).numActiveNodeManagers(m.getNumActiveNodeManagers())
        .numLostNodeManagers(m.getNumLostNodeManagers()).numUnhealthyNodeManagers(m.getNumUnhealthyNodeManagers())
        .numDecommissionedNodeManagers(m.getNumDecommissionedNodeManagers())
        .numRebootedNodeManagers(m.getNumRebootedNodeManagers())
        .numShutdownNodeManagers(m.getNumShutdownNodeManagers())
        .appsSubmitted(m.getAppsSubmitted()).appsPending(m.getAppsPending()).appsRunning(m.getAppsRunning())
        .appsCompleted(m.getAppsCompleted()).appsFailed(m.getAppsFailed()).appsKilled(m.getAppsKilled())
        .totalResource(Resources.fromProto(m.getTotal())).allocatedResource(Resources.fromProto(m.getAllocated()))
        .availableResource(Resources.fromProto(m.getAvailable()))
        .reservedResource(Resources.fromProto(m.getReserved()))
        .containersAllocated(m.getContainersAllocated()).containersPending(m.getContainersPending())
        .containersReserved(m.getContainersReserved())
        .build();
  }

  static QueuesRefreshed queuesRefreshed(io.weft.proto.RefreshQueuesResponse r) {
    return new QueuesRefreshed(queue(r.getRoot()), r.getSource());
  }

  static NodesRefreshed nodesRefreshed(io.weft.proto.RefreshNodesResponse r) {
    return new NodesRefreshed(r.getNodesList().stream().map(ProtoReports::node).toList(), r.getSource());
  }

  static AdminAclRefreshed adminAclRefreshed(io.weft.proto.RefreshAdminAclsResponse r) {
    return new AdminAclRefreshed(r.getAdminAcl(), r.getPrevious(), r.getSource());
  }

  static UserToken userToken(io.weft.proto.UserTokenInfo t) {
    return new UserToken(t.getId(), t.getUser(), t.getIssuedMs(), t.getExpiresMs(), t.getRevokedMs(), t.getIssuedBy());
  }

  static IssuedUserToken issuedUserToken(io.weft.proto.CreateTokenResponse r) {
    return new IssuedUserToken(userToken(r.getInfo()), r.getToken());
  }

  static LocalResource localResource(io.weft.proto.LocalResource r) {
    return LocalResource.newBuilder().uri(r.getUri()).type(resourceType(r.getType()))
        .visibility(resourceVisibility(r.getVisibility())).size(r.getSize()).sha256(r.getSha256()).build();
  }

  static io.weft.proto.LocalResource toProto(LocalResource r) {
    return io.weft.proto.LocalResource.newBuilder().setUri(r.getUri())
        .setType(switch (r.getType()) {
          case FILE -> io.weft.proto.LocalResourceType.FILE;
          case ARCHIVE -> io.weft.proto.LocalResourceType.ARCHIVE;
        })
        .setVisibility(switch (r.getVisibility()) {
          case APPLICATION -> io.weft.proto.LocalResourceVisibility.APPLICATION;
          case PRIVATE -> io.weft.proto.LocalResourceVisibility.PRIVATE;
          case PUBLIC -> io.weft.proto.LocalResourceVisibility.PUBLIC;
        })
        .setSize(r.getSize()).setSha256(r.getSha256()).build();
  }

  static io.weft.proto.ContainerLaunchContext toProto(ContainerLaunchContext c) {
    io.weft.proto.ContainerLaunchContext.Builder b = io.weft.proto.ContainerLaunchContext.newBuilder()
        .addAllCommand(c.getCommands()).putAllEnvironment(c.getEnvironment());
    c.getLocalResources().forEach((link, resource) -> b.putLocalResources(link, toProto(resource)));
    return b.build();
  }

  static io.weft.proto.ApplicationSubmissionContext toProto(ApplicationSubmissionContext s) {
    return io.weft.proto.ApplicationSubmissionContext.newBuilder()
        .setApplicationId(s.getApplicationId().toString())
        .setName(s.getApplicationName())
        .setQueue(s.getQueue())
        .setPriority(s.getPriority())
        .setAmContainerSpec(toProto(s.getAMContainerSpec()))
        .setAmResource(Resources.toProto(s.getResource()))
        .setUnmanagedAm(s.getUnmanagedAM())
        .setMaxAppAttempts(s.getMaxAppAttempts())
        .setApplicationType(s.getApplicationType())
        .addAllApplicationTags(s.getApplicationTags())
        .setKeepContainersAcrossApplicationAttempts(s.getKeepContainersAcrossApplicationAttempts())
        .setUser(s.getUser())
        .setAmResourceName(s.getAmResourceName())
        .setLifetimeSeconds(s.getLifetime().toSeconds())
        .setAmNodeLabelExpression(s.getAmNodeLabelExpression())
        .setNodeLabelExpression(s.getNodeLabelExpression())
        .build();
  }

  static YarnApplicationState applicationState(io.weft.proto.YarnApplicationState s) {
    return switch (s) {
      case NEW -> YarnApplicationState.NEW;
      case NEW_SAVING -> YarnApplicationState.NEW_SAVING;
      case SUBMITTED -> YarnApplicationState.SUBMITTED;
      case ACCEPTED -> YarnApplicationState.ACCEPTED;
      case RUNNING -> YarnApplicationState.RUNNING;
      case FINAL_SAVING -> YarnApplicationState.FINAL_SAVING;
      case FINISHING -> YarnApplicationState.FINISHING;
      case FINISHED -> YarnApplicationState.FINISHED;
      case FAILED -> YarnApplicationState.FAILED;
      case KILLED -> YarnApplicationState.KILLED;
      case APP_STATE_UNSPECIFIED, UNRECOGNIZED -> throw unmapped("application state", s);
    };
  }

  static io.weft.proto.YarnApplicationState toProto(YarnApplicationState s) {
    return switch (s) {
      case NEW -> io.weft.proto.YarnApplicationState.NEW;
      case NEW_SAVING -> io.weft.proto.YarnApplicationState.NEW_SAVING;
      case SUBMITTED -> io.weft.proto.YarnApplicationState.SUBMITTED;
      case ACCEPTED -> io.weft.proto.YarnApplicationState.ACCEPTED;
      case RUNNING -> io.weft.proto.YarnApplicationState.RUNNING;
      case FINAL_SAVING -> io.weft.proto.YarnApplicationState.FINAL_SAVING;
      case FINISHING -> io.weft.proto.YarnApplicationState.FINISHING;
      case FINISHED -> io.weft.proto.YarnApplicationState.FINISHED;
      case FAILED -> io.weft.proto.YarnApplicationState.FAILED;
      case KILLED -> io.weft.proto.YarnApplicationState.KILLED;
    };
  }

  static FinalApplicationStatus finalStatus(io.weft.proto.FinalApplicationStatus s) {
    // FINAL_UNDEFINED is proto's zero value and a real answer: "not ended yet"
    return switch (s) {
      case FINAL_UNDEFINED -> FinalApplicationStatus.UNDEFINED;
      case FINAL_SUCCEEDED -> FinalApplicationStatus.SUCCEEDED;
      case FINAL_FAILED -> FinalApplicationStatus.FAILED;
      case FINAL_KILLED -> FinalApplicationStatus.KILLED;
      case FINAL_ENDED -> FinalApplicationStatus.ENDED;
      case UNRECOGNIZED -> throw unmapped("final application status", s);
    };
  }

  static NodeState nodeState(io.weft.proto.NodeState s) {
    return switch (s) {
      case NODE_NEW -> NodeState.NEW;
      case NODE_RUNNING -> NodeState.RUNNING;
      case NODE_UNHEALTHY -> NodeState.UNHEALTHY;
      case NODE_DECOMMISSIONING -> NodeState.DECOMMISSIONING;
      case NODE_DECOMMISSIONED -> NodeState.DECOMMISSIONED;
      case NODE_LOST -> NodeState.LOST;
      case NODE_SHUTDOWN -> NodeState.SHUTDOWN;
      case NODE_REBOOTED -> NodeState.REBOOTED;
      case NODE_STATE_UNSPECIFIED, UNRECOGNIZED -> throw unmapped("node state", s);
    };
  }

  static io.weft.proto.NodeState toProto(NodeState s) {
    return switch (s) {
      case NEW -> io.weft.proto.NodeState.NODE_NEW;
      case RUNNING -> io.weft.proto.NodeState.NODE_RUNNING;
      case UNHEALTHY -> io.weft.proto.NodeState.NODE_UNHEALTHY;
      case DECOMMISSIONING -> io.weft.proto.NodeState.NODE_DECOMMISSIONING;
      case DECOMMISSIONED -> io.weft.proto.NodeState.NODE_DECOMMISSIONED;
      case LOST -> io.weft.proto.NodeState.NODE_LOST;
      case SHUTDOWN -> io.weft.proto.NodeState.NODE_SHUTDOWN;
      case REBOOTED -> io.weft.proto.NodeState.NODE_REBOOTED;
    };
  }

  static YarnApplicationAttemptState attemptState(io.weft.proto.ApplicationAttemptState s) {
    return switch (s) {
      case ATTEMPT_NEW -> YarnApplicationAttemptState.NEW;
      case ATTEMPT_SUBMITTED -> YarnApplicationAttemptState.SUBMITTED;
      case ATTEMPT_SCHEDULED -> YarnApplicationAttemptState.SCHEDULED;
      case ATTEMPT_ALLOCATED -> YarnApplicationAttemptState.ALLOCATED;
      case ATTEMPT_LAUNCHED -> YarnApplicationAttemptState.LAUNCHED;
      case ATTEMPT_RUNNING -> YarnApplicationAttemptState.RUNNING;
      case ATTEMPT_FINISHING -> YarnApplicationAttemptState.FINISHING;
      case ATTEMPT_FINISHED -> YarnApplicationAttemptState.FINISHED;
      case ATTEMPT_FAILED -> YarnApplicationAttemptState.FAILED;
      case ATTEMPT_KILLED -> YarnApplicationAttemptState.KILLED;
      case ATTEMPT_STATE_UNSPECIFIED, UNRECOGNIZED -> throw unmapped("application attempt state", s);
    };
  }

  static ContainerState containerState(io.weft.proto.ContainerState s) {
    return switch (s) {
      case CONTAINER_NEW -> ContainerState.NEW;
      case CONTAINER_RUNNING -> ContainerState.RUNNING;
      case CONTAINER_COMPLETE -> ContainerState.COMPLETE;
      case CONTAINER_SCHEDULED -> ContainerState.SCHEDULED;
      case CONTAINER_STATE_UNSPECIFIED, UNRECOGNIZED -> throw unmapped("container state", s);
    };
  }

  static QueueState queueState(String s) {
    return switch (s) {
      case "RUNNING" -> QueueState.RUNNING;
      case "STOPPED" -> QueueState.STOPPED;
      default -> throw WeftException.internal("the ResourceManager sent queue state '" + s
          + "', which this client does not know (it knows RUNNING, STOPPED)", null);
    };
  }

  static LocalResourceType resourceType(io.weft.proto.LocalResourceType t) {
    return switch (t) {
      case FILE -> LocalResourceType.FILE;
      case ARCHIVE -> LocalResourceType.ARCHIVE;
      case UNRECOGNIZED -> throw unmapped("local resource type", t);
    };
  }

  static LocalResourceVisibility resourceVisibility(io.weft.proto.LocalResourceVisibility v) {
    return switch (v) {
      case APPLICATION -> LocalResourceVisibility.APPLICATION;
      case PRIVATE -> LocalResourceVisibility.PRIVATE;
      case PUBLIC -> LocalResourceVisibility.PUBLIC;
      case UNRECOGNIZED -> throw unmapped("local resource visibility", v);
    };
  }

  /** INTERNAL: a wire value the client cannot name is a bug or a version skew, never the caller's mistake. */
  private static WeftException unmapped(String what, Enum<?> value) {
    return WeftException.internal("the ResourceManager sent " + what + " " + value.name()
        + ", which has no counterpart in this client's API (an unset field, or a newer ResourceManager)", null);
  }

  private static <T> T optional(String text, Function<String, T> parse) {
    return text.isEmpty() ? null : parse.apply(text);
  }
}
