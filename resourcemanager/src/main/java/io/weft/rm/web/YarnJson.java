package io.weft.rm.web;

import io.weft.common.id.ApplicationId;
import io.weft.common.resource.NodeUtilization;
import io.weft.common.resource.Resource;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AttemptReport;
import io.weft.rm.container.ContainerView;
import io.weft.rm.core.ClusterMetricsView;
import io.weft.rm.core.ResourceSeconds;
import io.weft.rm.node.NodeReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** RM records in the JSON shapes and field names of YARN's ResourceManager REST API. */
final class YarnJson {
  private YarnJson() {}

  static Map<String, Object> obj(Object... keyValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      out.put((String) keyValues[i], keyValues[i + 1]);
    }
    return out;
  }

  static long millis(Instant t) {
    return t == null ? 0 : t.toEpochMilli();
  }

  /** A link to a container's logs on its NM's own pages; {@code scheme} is the cluster's, http or https. */
  static String logsLink(String scheme, String nodeHttpAddress, Object containerId, String user, String file) {
    if (nodeHttpAddress == null || nodeHttpAddress.isBlank() || containerId == null) {
      return "";
    }
    return scheme + "://" + nodeHttpAddress + "/node/containerlogs/" + containerId + "/" + user
        + (file == null ? "" : "/" + file);
  }

  static Map<String, Object> app(String scheme, AppReport r, ResourceSeconds usage, String amNodeHttpAddress,
      long clusterId,
      Instant now) {
    long started = millis(r.submitTime());
    long finished = millis(r.finishTime());
    long elapsed = started == 0 ? 0 : (finished == 0 ? now.toEpochMilli() : finished) - started;
    boolean running = !r.state().isFinal();
    String http = amNodeHttpAddress == null ? "" : amNodeHttpAddress;
    return obj("id", r.id().toString(), "user", r.user(), "name", r.name(), "queue", r.queue(),
        "state", r.state().name(), "finalStatus", r.finalStatus().name(), "progress", r.progress() * 100f,
        "trackingUI", running ? (r.originalTrackingUrl().isBlank() ? "UNASSIGNED" : "ApplicationMaster") : "History",
        "trackingUrl", r.trackingUrl(), "diagnostics", r.diagnostics(), "clusterId", clusterId,
        "applicationType", r.type(), "applicationTags", String.join(",", r.tags()), "priority", r.priority(),
        "startedTime", started, "launchTime", millis(r.launchTime()), "finishedTime", finished,
        "elapsedTime", elapsed,
        "amContainerLogs", logsLink(scheme, http, r.amContainer(), r.user(), null),
        "amHostHttpAddress", http, "amRPCAddress", r.amHost() == null || r.amHost().isBlank() ? ""
            : r.amHost() + ":" + r.amRpcPort(),
        "masterNodeId", r.amNode() == null ? "" : r.amNode().toString(),
        "allocatedMB", running ? r.usedResources().memoryMb() : -1,
        "allocatedVCores", running ? r.usedResources().vcores() : -1,
        "reservedMB", 0, "reservedVCores", 0,
        "runningContainers", running ? r.usedContainers() : -1,
        "memorySeconds", usage.memorySeconds(), "vcoreSeconds", usage.vcoreSeconds(),
        "queueUsagePercentage", 0.0, "clusterUsagePercentage", 0.0,
        "preemptedResourceMB", 0, "preemptedResourceVCores", 0, "numNonAMContainerPreempted", 0,
        "numAMContainerPreempted", 0, "logAggregationStatus", "DISABLED", "unmanagedApplication", false,
        "appNodeLabelExpression", "", "amNodeLabelExpression", "", "waitingReason", r.waitingReason() == null ? "" : r.waitingReason());
  }

  static Map<String, Object> attempt(String scheme, AttemptReport a, String user) {
    String http = a.amNodeHttpAddress() == null ? "" : a.amNodeHttpAddress();
    return obj("id", a.id().attempt(), "appAttemptId", a.id().toString(), "startTime", millis(a.startTime()),
        "finishedTime", millis(a.finishTime()),
        "containerId", a.amContainer() == null ? "" : a.amContainer().toString(),
        "nodeHttpAddress", http, "nodeId", a.amNode() == null ? "" : a.amNode().toString(),
        "logsLink", logsLink(scheme, http, a.amContainer(), user, null), "blacklistedNodes", String.join(",", a.blacklistedNodes()),
        "appAttemptState", a.state().name(), "diagnostics", a.diagnostics() == null ? "" : a.diagnostics());
  }

  static Map<String, Object> container(String scheme, ContainerView c) {
    var a = c.allocation();
    return obj("containerId", a.containerId().toString(), "allocatedMB", a.resource().memoryMb(),
        "allocatedVCores", a.resource().vcores(), "assignedNodeId", a.nodeId().toString(),
        "priority", a.priority(), "startedTime", millis(c.created()), "finishedTime", millis(c.finished()),
        "elapsedTime", c.finished() == null ? 0 : millis(c.finished()) - millis(c.created()),
        "logUrl", logsLink(scheme, a.nodeHttpAddress(), a.containerId(), a.user(), null),
        "containerExitStatus", c.exitStatus(), "containerState", c.state().isFinal() ? "COMPLETE" : "RUNNING",
        "nodeHttpAddress", scheme + "://" + a.nodeHttpAddress(), "nodeId", a.nodeId().toString(),
        "diagnosticsInfo", c.diagnostics() == null ? "" : c.diagnostics(), "rmState", c.state().name());
  }

  static Map<String, Object> node(NodeReport n) {
    Resource cap = n.capability();
    Resource used = n.used();
    return obj("rack", n.rack(), "state", n.state().name(), "id", n.nodeId().toString(),
        "nodeHostName", n.nodeId().host(), "nodeHTTPAddress", n.httpAddress(),
        "lastHealthUpdate", millis(n.lastHeartbeat()), "version", Versions.VERSION,
        "healthReport", n.healthReport() == null ? "" : n.healthReport(), "numContainers", n.numContainers(),
        "usedMemoryMB", used.memoryMb(), "availMemoryMB", cap.memoryMb() - used.memoryMb(),
        "usedVirtualCores", used.vcores(), "availableVirtualCores", cap.vcores() - used.vcores(),
        "totalResource", obj("memory", cap.memoryMb(), "vCores", cap.vcores()),
        "resourceUtilization", utilization(n.utilization()));
  }

  /** YARN's ResourceUtilizationInfo: what the node's NM measured (host, and its containers together). */
  private static Map<String, Object> utilization(NodeUtilization u) {
    return obj("nodePhysicalMemoryMB", u.node().pmemMb(), "nodeVirtualMemoryMB", u.node().vmemMb(),
        "nodeCPUUsage", u.node().cpuVcores(), "aggregatedContainersPhysicalMemoryMB", u.containers().pmemMb(),
        "aggregatedContainersVirtualMemoryMB", u.containers().vmemMb(), "containersCPUUsage",
        u.containers().cpuVcores());
  }

  static Map<String, Object> metrics(ClusterMetricsView m) {
    return obj("appsSubmitted", m.appsSubmitted(), "appsCompleted", m.appsCompleted(),
        "appsPending", m.appsPending(), "appsRunning", m.appsRunning(), "appsFailed", m.appsFailed(),
        "appsKilled", m.appsKilled(), "reservedMB", 0, "availableMB", m.available().memoryMb(),
        "allocatedMB", m.allocated().memoryMb(), "totalMB", m.total().memoryMb(),
        "reservedVirtualCores", 0, "availableVirtualCores", m.available().vcores(),
        "allocatedVirtualCores", m.allocated().vcores(), "totalVirtualCores", m.total().vcores(),
        "containersAllocated", m.containersAllocated(), "containersReserved", 0,
        "containersPending", m.containersPending(), "totalNodes", m.nodes(), "activeNodes", m.activeNodes(),
        "lostNodes", m.lostNodes(), "unhealthyNodes", m.unhealthyNodes(), "decommissioningNodes", m.decommissioningNodes(),
        "decommissionedNodes", m.decommissionedNodes(), "rebootedNodes", 0, "shutdownNodes", m.shutdownNodes());
  }

  static Map<String, Object> newApplication(ApplicationId id, Resource max) {
    return obj("application-id", id.toString(),
        "maximum-resource-capability", obj("memory", max.memoryMb(), "vCores", max.vcores()));
  }
}
