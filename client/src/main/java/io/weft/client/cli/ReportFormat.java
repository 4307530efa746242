package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.proto.ApplicationAttemptReport;
import io.weft.proto.ApplicationAttemptState;
import io.weft.proto.ApplicationReport;
import io.weft.proto.ContainerReport;
import io.weft.proto.ContainerState;
import io.weft.proto.FinalApplicationStatus;
import io.weft.proto.NodeReport;
import io.weft.proto.NodeState;
import io.weft.proto.YarnApplicationState;
import java.time.Instant;

/** How reports read on a terminal; field names follow {@code yarn application} and {@code yarn node}. */
final class ReportFormat {
  static final String APP_LIST_HEADER = String.format("%30s\t%20s\t%20s\t%10s\t%10s\t%18s\t%18s\t%15s\t%35s",
      "Application-Id", "Application-Name", "Application-Type", "User", "Queue", "State", "Final-State",
      "Progress", "Tracking-URL");
  static final String NODE_LIST_HEADER = String.format("%30s\t%15s\t%30s\t%17s\t%20s\t%20s\t%15s\t%s",
      "Node-Id", "Node-State", "Node-Http-Address", "Number-of-Running-Containers", "Memory-Used/Total",
      "VCores-Used/Total", "Rack", "Health-Report");

  static final String ATTEMPT_LIST_HEADER = String.format("%30s\t%20s\t%35s\t%35s", "ApplicationAttempt-Id", "State",
      "AM-Container-Id", "Tracking-URL");
  static final String CONTAINER_LIST_HEADER = String.format("%30s\t%20s\t%20s\t%20s\t%20s\t%20s\t%35s",
      "Container-Id", "Start Time", "Finish Time", "State", "Host", "Node Http Address", "LOG-URL");

  private ReportFormat() {}

  static String attemptRow(ApplicationAttemptReport a) {
    return String.format("%30s\t%20s\t%35s\t%35s", a.getApplicationAttemptId(), attemptState(a.getState()),
        orNa(a.getAmContainerId()), orNa(a.getTrackingUrl()));
  }

  /** {@code weft applicationattempt -status}, as {@code yarn applicationattempt -status}. */
  static String attempt(ApplicationAttemptReport a) {
    StringBuilder sb = new StringBuilder("Application Attempt Report : \n");
    line(sb, "ApplicationAttempt-Id", a.getApplicationAttemptId());
    line(sb, "State", attemptState(a.getState()));
    line(sb, "AMContainer", orNa(a.getAmContainerId()));
    line(sb, "Tracking-URL", orNa(a.getTrackingUrl()));
    line(sb, "RPC Port", a.getRpcPort() <= 0 ? "N/A" : String.valueOf(a.getRpcPort()));
    line(sb, "AM Host", orNa(a.getHost()));
    line(sb, "Start-Time", time(a.getStartTimeMs()));
    line(sb, "Finish-Time", time(a.getFinishTimeMs()));
    line(sb, "Diagnostics", a.getDiagnostics());
    return sb.toString();
  }

  static String containerRow(ContainerReport c) {
    return String.format("%30s\t%20s\t%20s\t%20s\t%20s\t%20s\t%35s", c.getContainerId(),
        time(c.getCreationTimeMs()), time(c.getFinishTimeMs()), containerState(c.getState()), c.getNodeId(),
        orNa(c.getNodeHttpAddress()), orNa(c.getLogUrl()));
  }

  /** {@code weft container -status}, as {@code yarn container -status}. */
  static String container(ContainerReport c) {
    StringBuilder sb = new StringBuilder("Container Report : \n");
    line(sb, "Container-Id", c.getContainerId());
    line(sb, "Start-Time", time(c.getCreationTimeMs()));
    line(sb, "Finish-Time", time(c.getFinishTimeMs()));
    line(sb, "State", containerState(c.getState()));
    // Weft runs only guaranteed containers (no opportunistic ones)
    line(sb, "Execution-Type", "GUARANTEED");
    line(sb, "LOG-URL", orNa(c.getLogUrl()));
    line(sb, "Host", c.getNodeId());
    line(sb, "NodeHttpAddress", orNa(c.getNodeHttpAddress()));
    line(sb, "Resource", c.getAllocated().getMemoryMb() + " MB, " + c.getAllocated().getVcores() + " vcores");
    line(sb, "Priority", String.valueOf(c.getPriority()));
    line(sb, "Exit-Status", c.getState() == ContainerState.CONTAINER_COMPLETE ? String.valueOf(c.getExitStatus())
        : "N/A");
    line(sb, "Diagnostics", c.getDiagnostics());
    return sb.toString();
  }

  /** {@code weft node -status}, as {@code yarn node -status}. */
  static String node(NodeReport n) {
    StringBuilder sb = new StringBuilder("Node Report : \n");
    line(sb, "Node-Id", n.getNodeId());
    line(sb, "Rack", n.getRackName());
    line(sb, "Node-State", nodeState(n.getNodeState()));
    line(sb, "Node-Http-Address", n.getHttpAddress());
    line(sb, "Last-Health-Update", time(n.getLastHealthReportTimeMs()));
    line(sb, "Health-Report", n.getHealthReport().replace('\n', ' '));
    line(sb, "Containers", String.valueOf(n.getNumContainers()));
    line(sb, "Memory-Used", n.getUsed().getMemoryMb() + "MB");
    line(sb, "Memory-Capacity", n.getCapability().getMemoryMb() + "MB");
    line(sb, "CPU-Used", n.getUsed().getVcores() + " vcores");
    line(sb, "CPU-Capacity", n.getCapability().getVcores() + " vcores");
    line(sb, "Node-Labels", String.join(",", n.getNodeLabelsList()));
    if (n.getDecommissionDeadlineMs() > 0) {
      line(sb, "Decommission-Deadline", time(n.getDecommissionDeadlineMs()));
    }
    return sb.toString();
  }

  static String attemptState(ApplicationAttemptState state) {
    return state.name().replaceFirst("^ATTEMPT_", "");
  }

  static String containerState(ContainerState state) {
    return state.name().replaceFirst("^CONTAINER_", "");
  }

  private static String orNa(String value) {
    return value == null || value.isBlank() ? "N/A" : value;
  }

  static String appRow(ApplicationReport r) {
    return String.format("%30s\t%20s\t%20s\t%10s\t%10s\t%18s\t%18s\t%14d%%\t%35s", r.getApplicationId(),
        r.getName(), r.getApplicationType(), r.getUser(), r.getQueue(), r.getState(),
        finalStatus(r.getFinalStatus()), Math.round(r.getProgress() * 100), r.getTrackingUrl());
  }

  static String nodeRow(NodeReport n) {
    return String.format("%30s\t%15s\t%30s\t%28d\t%20s\t%20s\t%15s\t%s", n.getNodeId(), nodeState(n.getNodeState()),
        n.getHttpAddress(), n.getNumContainers(),
        n.getUsed().getMemoryMb() + "/" + n.getCapability().getMemoryMb() + " MB",
        n.getUsed().getVcores() + "/" + n.getCapability().getVcores(), n.getRackName(),
        n.getHealthReport().replace('\n', ' '));
  }

  static String status(ApplicationReport r) {
    StringBuilder sb = new StringBuilder("Application Report : \n");
    line(sb, "Application-Id", r.getApplicationId());
    line(sb, "Application-Name", r.getName());
    line(sb, "Application-Type", r.getApplicationType());
    line(sb, "User", r.getUser());
    line(sb, "Queue", r.getQueue());
    line(sb, "Start-Time", time(r.getStartTimeMs()));
    line(sb, "Launch-Time", time(r.getLaunchTimeMs()));
    line(sb, "Finish-Time", time(r.getFinishTimeMs()));
    line(sb, "Progress", Math.round(r.getProgress() * 100) + "%");
    line(sb, "State", r.getState().name());
    line(sb, "Final-State", finalStatus(r.getFinalStatus()));
    line(sb, "Tracking-URL", r.getTrackingUrl());
    line(sb, "AM Host", r.getHost().isEmpty() ? "N/A" : r.getHost());
    line(sb, "AM Container", r.getAmContainerId().isEmpty() ? "N/A" : r.getAmContainerId());
    line(sb, "Aggregate Resource Allocation", r.getUsage().getMemorySeconds() + " MB-seconds, "
        + r.getUsage().getVcoreSeconds() + " vcore-seconds");
    line(sb, "Diagnostics", diagnostics(r));
    line(sb, "Waiting-Reason", r.getWaitingReason().isEmpty() ? "N/A" : r.getWaitingReason());
    line(sb, "Priority", String.valueOf(r.getPriority()));
    line(sb, "Application-Tags", String.join(",", r.getApplicationTagsList()));
    line(sb, "Timeout-Type", "LIFETIME,\tExpiry-Time : " + lifetimeExpiry(r) + ",\tRemaining-Time : "
        + lifetimeRemaining(r) + "seconds");
    return sb.toString();
  }

  /** {@code weft queue -status}: one block per queue, as {@code yarn queue -status}. */
  static String queue(io.weft.proto.QueueInfo q) {
    StringBuilder sb = new StringBuilder("Queue Information : \n");
    line(sb, "Queue Name", q.getQueueName());
    line(sb, "Queue Path", q.getQueuePath());
    line(sb, "State", q.getQueueState());
    line(sb, "Capacity", percent(q.getCapacity()) + " of parent, " + percent(q.getAbsoluteCapacity()) + " of cluster");
    line(sb, "Maximum Capacity", percent(q.getMaximumCapacity()) + " of parent, "
        + percent(q.getAbsoluteMaximumCapacity()) + " of cluster");
    line(sb, "Current Capacity", percent(q.getCurrentCapacity()) + " of its guarantee ("
        + q.getUsed().getMemoryMb() + " MB, " + q.getUsed().getVcores() + " vcores used)");
    line(sb, "Applications", q.getNumApplications() + " (" + q.getNumActiveApplications() + " active, "
        + q.getNumPendingApplications() + " pending)");
    if (q.getIsLeaf()) {
      line(sb, "User Limit Factor", String.valueOf(q.getUserLimitFactor()));
      line(sb, "Maximum Applications", String.valueOf(q.getMaxApplications()));
      line(sb, "Maximum AM Resource", percent(q.getMaxAmResourcePercent()));
    } else {
      line(sb, "Child Queues", String.join(", ", q.getChildQueuesList().stream()
          .map(io.weft.proto.QueueInfo::getQueueName).toList()));
    }
    line(sb, "Submit ACL", q.getAclSubmitApplications().isBlank() ? "(inherited)" : q.getAclSubmitApplications());
    line(sb, "Administer ACL", q.getAclAdministerQueue().isBlank() ? "(inherited)" : q.getAclAdministerQueue());
    return sb.toString();
  }

  private static String percent(float fraction) {
    return String.format(java.util.Locale.ROOT, "%.1f%%", fraction * 100);
  }

  static String finalSummary(ApplicationReport r) {
    String elapsed = r.getFinishTimeMs() > 0 && r.getStartTimeMs() > 0
        ? String.format(" after %.2f s", (r.getFinishTimeMs() - r.getStartTimeMs()) / 1000.0) : "";
    return "Application " + r.getApplicationId() + " ended" + elapsed + ": state " + r.getState()
        + ", final status " + finalStatus(r.getFinalStatus())
        + (diagnostics(r).isEmpty() ? "" : "\nDiagnostics: " + diagnostics(r));
  }

  private static String diagnostics(ApplicationReport r) {
    if (!r.getDiagnostics().isEmpty()) {
      return r.getDiagnostics();
    }
    return r.getState() == YarnApplicationState.ACCEPTED ? r.getWaitingReason() : "";
  }

  private static String lifetimeExpiry(ApplicationReport r) {
    return r.getLifetimeExpiryMs() <= 0 ? "UNLIMITED" : Instant.ofEpochMilli(r.getLifetimeExpiryMs()).toString();
  }

  /** As YARN's: -1 without a lifetime, 0 once past it or ended. */
  private static long lifetimeRemaining(ApplicationReport r) {
    if (r.getLifetimeExpiryMs() <= 0) {
      return -1;
    }
    return WeftClient.isFinal(r.getState()) ? 0
        : Math.max(0, (r.getLifetimeExpiryMs() - System.currentTimeMillis()) / 1000);
  }

  static String finalStatus(FinalApplicationStatus status) {
    return status.name().replaceFirst("^FINAL_", "");
  }

  static String nodeState(NodeState state) {
    return state.name().replaceFirst("^NODE_", "");
  }

  private static String time(long ms) {
    return ms <= 0 ? "N/A" : Instant.ofEpochMilli(ms).toString();
  }

  private static void line(StringBuilder sb, String name, String value) {
    sb.append('\t').append(name).append(" : ").append(value).append('\n');
  }
}
