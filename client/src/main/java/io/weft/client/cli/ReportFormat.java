package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationAttemptReport;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.ContainerReport;
import io.weft.client.records.ContainerState;
import io.weft.client.records.NodeReport;
import io.weft.client.records.QueueInfo;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.resource.Resource;
import java.time.Instant;
import java.util.Optional;

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
    return String.format("%30s\t%20s\t%35s\t%35s", a.getApplicationAttemptId(),
        a.getYarnApplicationAttemptState(), orNa(a.getAMContainerId()), orNa(a.getTrackingUrl()));
  }

  /** {@code weft applicationattempt -status}, as {@code yarn applicationattempt -status}. */
  static String attempt(ApplicationAttemptReport a) {
    StringBuilder sb = new StringBuilder("Application Attempt Report : \n");
    line(sb, "ApplicationAttempt-Id", a.getApplicationAttemptId().toString());
    line(sb, "State", a.getYarnApplicationAttemptState().name());
    line(sb, "AMContainer", orNa(a.getAMContainerId()));
    line(sb, "Tracking-URL", orNa(a.getTrackingUrl()));
    line(sb, "RPC Port", a.getRpcPort() <= 0 ? "N/A" : String.valueOf(a.getRpcPort()));
    line(sb, "AM Host", orNa(a.getHost()));
    line(sb, "Start-Time", time(a.getStartTime()));
    line(sb, "Finish-Time", time(a.getFinishTime()));
    line(sb, "Diagnostics", a.getDiagnostics());
    return sb.toString();
  }

  static String containerRow(ContainerReport c) {
    return String.format("%30s\t%20s\t%20s\t%20s\t%20s\t%20s\t%35s", c.getContainerId(),
        time(c.getCreationTime()), time(c.getFinishTime()), c.getContainerState(), c.getAssignedNode(),
        orNa(c.getNodeHttpAddress()), orNa(c.getLogUrl()));
  }

  /** {@code weft container -status}, as {@code yarn container -status}. */
  static String container(ContainerReport c) {
    StringBuilder sb = new StringBuilder("Container Report : \n");
    line(sb, "Container-Id", c.getContainerId().toString());
    line(sb, "Start-Time", time(c.getCreationTime()));
    line(sb, "Finish-Time", time(c.getFinishTime()));
    line(sb, "State", c.getContainerState().name());
    // Weft runs only guaranteed containers (no opportunistic ones)
    line(sb, "Execution-Type", "GUARANTEED");
    line(sb, "LOG-URL", orNa(c.getLogUrl()));
    line(sb, "Host", c.getAssignedNode().toString());
    line(sb, "NodeHttpAddress", orNa(c.getNodeHttpAddress()));
    StringBuilder resource = new StringBuilder(c.getAllocatedResource().memoryMb() + " MB, "
        + c.getAllocatedResource().vcores() + " vcores");
    c.getAllocatedResource().others().forEach((type, amount) -> resource.append(", ").append(type).append(' ')
        .append(amount));
    line(sb, "Resource", resource.toString());
    line(sb, "Priority", String.valueOf(c.getPriority()));
    line(sb, "Exit-Status", c.getContainerState() == ContainerState.COMPLETE
        ? String.valueOf(c.getContainerExitStatus()) : "N/A");
    line(sb, "Diagnostics", c.getDiagnosticsInfo());
    return sb.toString();
  }

  /** {@code weft node -status}, as {@code yarn node -status}. */
  static String node(NodeReport n) {
    StringBuilder sb = new StringBuilder("Node Report : \n");
    line(sb, "Node-Id", n.getNodeId().toString());
    line(sb, "Rack", n.getRackName());
    line(sb, "Node-State", n.getNodeState().name());
    line(sb, "Node-Http-Address", n.getHttpAddress());
    line(sb, "Last-Health-Update", time(n.getLastHealthReportTime()));
    line(sb, "Health-Report", n.getHealthReport().replace('\n', ' '));
    line(sb, "Containers", String.valueOf(n.getNumContainers()));
    line(sb, "Memory-Used", n.getUsed().memoryMb() + "MB");
    line(sb, "Memory-Capacity", n.getCapability().memoryMb() + "MB");
    line(sb, "CPU-Used", n.getUsed().vcores() + " vcores");
    line(sb, "CPU-Capacity", n.getCapability().vcores() + " vcores");
    n.getCapability().others().forEach((type, capacity) -> {
      line(sb, type + "-Used", String.valueOf(n.getUsed().other(type)));
      line(sb, type + "-Capacity", String.valueOf(capacity));
    });
    line(sb, "Node-Labels", String.join(",", n.getNodeLabels()));
    if (n.getDecommissionDeadline() > 0) {
      line(sb, "Decommission-Deadline", time(n.getDecommissionDeadline()));
    }
    return sb.toString();
  }

  /**
   * {@code weft node -list -showDetails}'s lines under a node's row, as YARN 3's: what it offers and what its
   * containers hold, in every resource type ({@code <memory:8192, vCores:8, gpu:2>}).
   */
  static String nodeDetails(NodeReport n) {
    return "Detailed Node Information :\n\tConfigured Resources : " + angled(n.getCapability())
        + "\n\tAllocated Resources : " + angled(withTypesOf(n.getUsed(), n.getCapability())) + "\n";
  }

  private static String angled(Resource r) {
    StringBuilder sb = new StringBuilder("<memory:").append(r.memoryMb()).append(", vCores:").append(r.vcores());
    r.others().forEach((type, amount) -> sb.append(", ").append(type).append(':').append(amount));
    return sb.append('>').toString();
  }

  private static Resource withTypesOf(Resource r, Resource like) {
    java.util.Map<String, Long> others = new java.util.TreeMap<>(r.others());
    like.others().keySet().forEach(type -> others.putIfAbsent(type, 0L));
    return new Resource(r.memoryMb(), r.vcores(), others);
  }

  private static String orNa(String value) {
    return value == null || value.isBlank() ? "N/A" : value;
  }

  private static String orNa(Optional<?> value) {
    return value.map(Object::toString).orElse("N/A");
  }

  static String appRow(ApplicationReport r) {
    return String.format("%30s\t%20s\t%20s\t%10s\t%10s\t%18s\t%18s\t%14d%%\t%35s", r.getApplicationId(),
        r.getName(), r.getApplicationType(), r.getUser(), r.getQueue(), r.getYarnApplicationState(),
        r.getFinalApplicationStatus(), Math.round(r.getProgress() * 100), r.getTrackingUrl());
  }

  static String nodeRow(NodeReport n) {
    return String.format("%30s\t%15s\t%30s\t%28d\t%20s\t%20s\t%15s\t%s", n.getNodeId(), n.getNodeState(),
        n.getHttpAddress(), n.getNumContainers(),
        n.getUsed().memoryMb() + "/" + n.getCapability().memoryMb() + " MB",
        n.getUsed().vcores() + "/" + n.getCapability().vcores(), n.getRackName(),
        n.getHealthReport().replace('\n', ' '));
  }

  static String status(ApplicationReport r) {
    StringBuilder sb = new StringBuilder("Application Report : \n");
    line(sb, "Application-Id", r.getApplicationId().toString());
    line(sb, "Application-Name", r.getName());
    line(sb, "Application-Type", r.getApplicationType());
    line(sb, "User", r.getUser());
    line(sb, "Queue", r.getQueue());
    line(sb, "Start-Time", time(r.getStartTime()));
    line(sb, "Launch-Time", time(r.getLaunchTime()));
    line(sb, "Finish-Time", time(r.getFinishTime()));
    line(sb, "Progress", Math.round(r.getProgress() * 100) + "%");
    line(sb, "State", r.getYarnApplicationState().name());
    line(sb, "Final-State", r.getFinalApplicationStatus().name());
    line(sb, "Tracking-URL", r.getTrackingUrl());
    line(sb, "AM Host", r.getHost().isEmpty() ? "N/A" : r.getHost());
    line(sb, "AM Container", orNa(r.getAmContainerId()));
    line(sb, "Aggregate Resource Allocation", r.getApplicationResourceUsageReport().getMemorySeconds() + " MB-seconds, "
        + r.getApplicationResourceUsageReport().getVcoreSeconds() + " vcore-seconds");
    line(sb, "Diagnostics", diagnostics(r));
    line(sb, "Unmanaged Application", String.valueOf(r.isUnmanagedApp()));
    line(sb, "Waiting-Reason", r.getWaitingReason().isEmpty() ? "N/A" : r.getWaitingReason());
    line(sb, "Priority", String.valueOf(r.getPriority()));
    line(sb, "Application-Tags", String.join(",", r.getApplicationTags()));
    line(sb, "Timeout-Type", "LIFETIME,\tExpiry-Time : " + lifetimeExpiry(r) + ",\tRemaining-Time : "
        + lifetimeRemaining(r) + "seconds");
    return sb.toString();
  }

  /** {@code weft queue -status}: one block per queue, as {@code yarn queue -status}. */
  static String queue(QueueInfo q) {
    StringBuilder sb = new StringBuilder("Queue Information : \n");
    line(sb, "Queue Name", q.getQueueName());
    line(sb, "Queue Path", q.getQueuePath());
    line(sb, "State", q.getQueueState().name());
    line(sb, "Capacity", percent(q.getCapacity()) + " of parent, " + percent(q.getAbsoluteCapacity()) + " of cluster");
    line(sb, "Maximum Capacity", percent(q.getMaximumCapacity()) + " of parent, "
        + percent(q.getAbsoluteMaximumCapacity()) + " of cluster");
    line(sb, "Current Capacity", percent(q.getCurrentCapacity()) + " of its guarantee ("
        + q.getUsed().memoryMb() + " MB, " + q.getUsed().vcores() + " vcores used)");
    line(sb, "Applications", q.getNumApplications() + " (" + q.getNumActiveApplications() + " active, "
        + q.getNumPendingApplications() + " pending)");
    if (q.isLeaf()) {
      line(sb, "User Limit Factor", String.valueOf(q.getUserLimitFactor()));
      line(sb, "Maximum Applications", String.valueOf(q.getMaxApplications()));
      line(sb, "Maximum AM Resource", percent(q.getMaxAmResourcePercent()));
    } else {
      line(sb, "Child Queues", String.join(", ", q.getChildQueues().stream()
          .map(QueueInfo::getQueueName).toList()));
    }
    line(sb, "Submit ACL", q.getAclSubmitApplications().isBlank() ? "(inherited)" : q.getAclSubmitApplications());
    line(sb, "Administer ACL", q.getAclAdministerQueue().isBlank() ? "(inherited)" : q.getAclAdministerQueue());
    return sb.toString();
  }

  private static String percent(float fraction) {
    return String.format(java.util.Locale.ROOT, "%.1f%%", fraction * 100);
  }

  static String finalSummary(ApplicationReport r) {
    String elapsed = r.getFinishTime() > 0 && r.getStartTime() > 0
        ? String.format(" after %.2f s", (r.getFinishTime() - r.getStartTime()) / 1000.0) : "";
    return "Application " + r.getApplicationId() + " ended" + elapsed + ": state " + r.getYarnApplicationState()
        + ", final status " + r.getFinalApplicationStatus()
        + (diagnostics(r).isEmpty() ? "" : "\nDiagnostics: " + diagnostics(r));
  }

  private static String diagnostics(ApplicationReport r) {
    if (!r.getDiagnostics().isEmpty()) {
      return r.getDiagnostics();
    }
    return r.getYarnApplicationState() == YarnApplicationState.ACCEPTED ? r.getWaitingReason() : "";
  }

  private static String lifetimeExpiry(ApplicationReport r) {
    return r.getLifetimeExpiryTime() <= 0 ? "UNLIMITED" : Instant.ofEpochMilli(r.getLifetimeExpiryTime()).toString();
  }

  /** As YARN's: -1 without a lifetime, 0 once past it or ended. */
  private static long lifetimeRemaining(ApplicationReport r) {
    if (r.getLifetimeExpiryTime() <= 0) {
      return -1;
    }
    return WeftClient.isFinal(r.getYarnApplicationState()) ? 0
        : Math.max(0, (r.getLifetimeExpiryTime() - System.currentTimeMillis()) / 1000);
  }

  private static String time(long ms) {
    return ms <= 0 ? "N/A" : Instant.ofEpochMilli(ms).toString();
  }

  private static void line(StringBuilder sb, String name, String value) {
    sb.append('\t').append(name).append(" : ").append(value).append('\n');
  }
}
