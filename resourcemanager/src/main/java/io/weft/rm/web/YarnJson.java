package io.weft.rm.web;

import com.fasterxml.jackson.core.JsonGenerator;
import io.weft.common.id.ApplicationId;
import io.weft.common.resource.NodeUtilization;
import io.weft.common.resource.Resource;
import io.weft.common.version.Versions;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AttemptReport;
import io.weft.rm.container.ContainerView;
import io.weft.rm.core.AppUsage;
import io.weft.rm.core.ClusterMetricsView;
import io.weft.rm.node.NodeReport;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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

  /**
   * YARN's AppInfo, written as it is serialized: a listing holds thousands, and a dashboard asks for it in a
   * loop, so an application builds no map of its own (that garbage was the largest part of a busy RM's).
   */
  static WrittenJson app(String scheme, AppReport r, AppUsage usage, String amNodeHttpAddress, long clusterId,
      Instant now, String logAggregationStatus) {
    return out -> {
      long started = millis(r.submitTime());
      long finished = millis(r.finishTime());
      long elapsed = started == 0 ? 0 : (finished == 0 ? now.toEpochMilli() : finished) - started;
      boolean running = !r.publicState().isFinal();
      String http = amNodeHttpAddress == null ? "" : amNodeHttpAddress;
      out.writeStartObject();
      out.writeStringField("id", r.id().toString());
      out.writeStringField("user", r.user());
      out.writeStringField("name", r.name());
      out.writeStringField("queue", usage.queuePath());
      out.writeStringField("state", r.publicState().name());
      out.writeStringField("finalStatus", r.finalStatus().name());
      out.writeNumberField("progress", r.progress() * 100f);
      out.writeStringField("trackingUI", trackingUi(r));
      out.writeStringField("trackingUrl", r.trackingUrl());
      out.writeStringField("diagnostics", r.diagnostics());
      out.writeNumberField("clusterId", clusterId);
      out.writeStringField("applicationType", r.type());
      out.writeStringField("applicationTags", String.join(",", r.tags()));
      out.writeNumberField("priority", r.priority());
      out.writeNumberField("startedTime", started);
      out.writeNumberField("launchTime", millis(r.launchTime()));
      out.writeNumberField("finishedTime", finished);
      out.writeNumberField("elapsedTime", elapsed);
      out.writeStringField("amContainerLogs", logsLink(scheme, http, r.amContainer(), r.user(), null));
      out.writeStringField("amHostHttpAddress", http);
      out.writeStringField("amRPCAddress",
          r.amHost() == null || r.amHost().isBlank() ? "" : r.amHost() + ":" + r.amRpcPort());
      out.writeStringField("masterNodeId", r.amNode() == null ? "" : r.amNode().toString());
      out.writeNumberField("allocatedMB", running ? r.usedResources().memoryMb() : -1);
      out.writeNumberField("allocatedVCores", running ? r.usedResources().vcores() : -1);
      // Weft reserves whole nodes for no application (see docs/web.md): nothing reserved, -1 once ended like YARN
      out.writeNumberField("reservedMB", running ? 0 : -1);
      out.writeNumberField("reservedVCores", running ? 0 : -1);
      out.writeNumberField("runningContainers", running ? r.usedContainers() : -1);
      out.writeNumberField("memorySeconds", usage.used().memorySeconds());
      out.writeNumberField("vcoreSeconds", usage.used().vcoreSeconds());
      out.writeNumberField("queueUsagePercentage", usage.queueUsagePercent());
      out.writeNumberField("clusterUsagePercentage", usage.clusterUsagePercent());
      YarnResources.writeSecondsMap(out, "resourceSecondsMap", usage.used());
      out.writeNumberField("preemptedResourceMB", usage.preemptedResource().memoryMb());
      out.writeNumberField("preemptedResourceVCores", usage.preemptedResource().vcores());
      out.writeNumberField("numNonAMContainerPreempted", usage.otherContainersPreempted());
      out.writeNumberField("numAMContainerPreempted", usage.amContainersPreempted());
      out.writeNumberField("preemptedMemorySeconds", usage.preempted().memorySeconds());
      out.writeNumberField("preemptedVcoreSeconds", usage.preempted().vcoreSeconds());
      YarnResources.writePreemptedSecondsMap(out, "preemptedResourceSecondsMap", usage.preempted());
      out.writeStringField("logAggregationStatus", logAggregationStatus);
      out.writeBooleanField("unmanagedApplication", r.unmanagedAm());
      out.writeStringField("appNodeLabelExpression", r.nodeLabelExpression());
      out.writeStringField("amNodeLabelExpression", r.amNodeLabelExpression());
      out.writeStringField("waitingReason", r.waitingReason() == null ? "" : r.waitingReason());
      if (running) {
        // YARN sends the per-partition usage only while the application holds or asks for anything
        out.writeObjectFieldStart("resourceInfo");
        out.writeArrayFieldStart("resourceUsagesByPartition");
        ResourceJson.partition("", r.usedResources(), Resource.NONE, r.neededResources(), usage.amUsed(),
            Resource.NONE, Resource.NONE).write(out);
        out.writeEndArray();
        out.writeEndObject();
      }
      out.writeObjectFieldStart("timeouts");
      out.writeArrayFieldStart("timeout");
      writeLifetime(out, r.lifetimeExpiry(), now);
      out.writeEndArray();
      out.writeEndObject();
      out.writeEndObject();
    };
  }

  /**
   * YARN's AppInfo: UNASSIGNED until there is a tracking URL to follow (no attempt yet, or hidden from the
   * reader), ApplicationMaster while it runs, History once it ended.
   */
  static String trackingUi(AppReport r) {
    String url = r.trackingUrl();
    if (url == null || url.isBlank() || AppReport.UNAVAILABLE.equals(url) || r.currentAttempt() == null) {
      return "UNASSIGNED";
    }
    return r.publicState().isFinal() ? "History" : "ApplicationMaster";
  }

  /** The LIFETIME timeout as YARN's AppTimeoutInfo: UNLIMITED and -1 without one, else ISO 8601 and seconds left. */
  private static void writeLifetime(JsonGenerator out, Instant expiry, Instant now) throws IOException {
    out.writeStartObject();
    out.writeStringField("type", "LIFETIME");
    out.writeStringField("expiryTime", expiry == null ? "UNLIMITED" : ISO_8601.format(expiry));
    out.writeNumberField("remainingTimeInSeconds",
        expiry == null ? -1 : Math.max(0, java.time.Duration.between(now, expiry).toSeconds()));
    out.writeEndObject();
  }

  /** YARN's Times.formatISO8601. */
  private static final java.time.format.DateTimeFormatter ISO_8601 =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(java.time.ZoneOffset.UTC);

  static Map<String, Object> attempt(String scheme, AttemptReport a, String user) {
    String http = a.amNodeHttpAddress() == null ? "" : a.amNodeHttpAddress();
    return obj("id", a.id().attempt(), "appAttemptId", a.id().toString(), "startTime", millis(a.startTime()),
        "finishedTime", millis(a.finishTime()),
        "containerId", a.amContainer() == null ? "" : a.amContainer().toString(),
        "nodeHttpAddress", http, "nodeId", a.amNode() == null ? "" : a.amNode().toString(),
        "logsLink", logsLink(scheme, http, a.amContainer(), user, null),
        "blacklistedNodes", String.join(",", a.blacklistedNodes()),
        // Weft keeps no system-wide node exclusion per attempt, and gives AM containers no exposed ports
        "nodesBlacklistedBySystem", "", "exportPorts", "null",
        "appAttemptState", a.state().name(), "diagnostics", a.diagnostics() == null ? "" : a.diagnostics());
  }

  /**
   * One attempt as YARN 3.4 answers {@code appattempts/{id}}: not wrapped, numbers as strings, and the
   * application's tracking URL ({@code originalTrackingUrl} N/A when its AM registered none).
   */
  static Map<String, Object> singleAttempt(AttemptReport a, String appTrackingUrl) {
    String original = a.trackingUrl() == null || a.trackingUrl().isBlank() ? AppReport.UNAVAILABLE : a.trackingUrl();
    return obj("appAttemptId", a.id().toString(), "host", a.host() == null || a.host().isBlank() ? "N/A" : a.host(),
        "rpcPort", Integer.toString(a.rpcPort() <= 0 ? -1 : a.rpcPort()), "trackingUrl", appTrackingUrl,
        "originalTrackingUrl", original, "diagnosticsInfo", a.diagnostics() == null ? "" : a.diagnostics(),
        "appAttemptState", a.state().name(), "amContainerId", a.amContainer() == null ? "" : a.amContainer().toString(),
        "startedTime", Long.toString(millis(a.startTime())), "finishedTime", Long.toString(millis(a.finishTime())));
  }

  /**
   * A container as YARN 3.4's ContainerInfo: every number as a string, the time it ran so far while it runs,
   * exit status 0 until it exited (YARN's report default); {@code rmState} is Weft's own.
   */
  static Map<String, Object> container(String scheme, ContainerView c, Instant now) {
    var a = c.allocation();
    boolean ended = c.state().isFinal();
    return obj("containerId", a.containerId().toString(), "allocatedMB", Long.toString(a.resource().memoryMb()),
        "allocatedVCores", Integer.toString(a.resource().vcores()), "assignedNodeId", a.nodeId().toString(),
        "priority", Integer.toString(a.priority()), "startedTime", Long.toString(millis(c.created())),
        "finishedTime", Long.toString(millis(c.finished())),
        "elapsedTime", Long.toString((c.finished() == null ? now.toEpochMilli() : millis(c.finished()))
            - millis(c.created())),
        "logUrl", logsLink(scheme, a.nodeHttpAddress(), a.containerId(), a.user(), null),
        "containerExitStatus", Integer.toString(ended ? c.exitStatus() : 0),
        "containerState", ended ? "COMPLETE" : "RUNNING",
        "nodeHttpAddress", scheme + "://" + a.nodeHttpAddress(), "nodeId", a.nodeId().toString(),
        "allocatedResources", YarnResources.entries(a.resource()), "exposedPorts", "",
        "diagnosticsInfo", c.diagnostics() == null ? "" : c.diagnostics(), "rmState", c.state().name());
  }

  static Map<String, Object> node(NodeReport n) {
    Resource cap = n.capability();
    Resource used = ResourceJson.withTypesOf(n.used(), cap);
    Resource available = cap.subtract(used);
    Map<String, Object> node = obj("rack", n.rack(), "state", n.state().name(), "id", n.nodeId().toString(),
        "nodeHostName", n.nodeId().host(), "nodeHTTPAddress", n.httpAddress(),
        "lastHealthUpdate", millis(n.lastHeartbeat()), "version", Versions.HADOOP_API,
        "healthReport", n.healthReport() == null ? "" : n.healthReport(), "numContainers", n.numContainers(),
        "usedMemoryMB", used.memoryMb(), "availMemoryMB", available.memoryMb(),
        "usedVirtualCores", used.vcores(), "availableVirtualCores", available.vcores(),
        "memUtilization", percentOf(n.utilization().node().pmemMb(), cap.memoryMb()),
        "cpuUtilization", percentOf(n.utilization().node().cpuVcores(), cap.vcores()),
        // Weft has no opportunistic containers, allocation tags or node attributes: YARN's answer without them
        "numRunningOpportContainers", 0, "usedMemoryOpportGB", 0, "usedVirtualCoresOpport", 0,
        "numQueuedContainers", 0, "allocationTags", Map.of(),
        "resourceUtilization", utilization(n.utilization()),
        "usedResource", ResourceJson.resource(used), "availableResource", ResourceJson.resource(available),
        "nodeAttributesInfo", Map.of(), "totalResource", ResourceJson.resource(cap));
    if (!n.labels().isEmpty()) {
      node.put("nodeLabels", n.labels()); // YARN leaves the list out when it is empty
    }
    return node;
  }

  /** YARN's NodeLabelsInfo ({@code get-node-labels}): every cluster label with its exclusivity. */
  static Map<String, Object> nodeLabels(io.weft.rm.node.NodeLabels labels) {
    return obj("nodeLabelsInfo", obj("nodeLabelInfo", labelInfos(labels, labels.names())));
  }

  /** YARN's NodeToLabelsInfo ({@code get-node-to-labels}): each node name mapped to a label, as JAXB writes a map. */
  static Map<String, Object> nodeToLabels(io.weft.rm.node.NodeLabels labels) {
    List<Object> entries = new java.util.ArrayList<>();
    new java.util.TreeMap<>(labels.nodes()).forEach((node, label) -> entries.add(obj("key", node, "value",
        obj("nodeLabelInfo", labelInfos(labels, List.of(label))))));
    return obj("nodeToLabelsInfo", obj("nodeToLabels", obj("entry", entries)));
  }

  private static List<Object> labelInfos(io.weft.rm.node.NodeLabels labels, List<String> names) {
    List<Object> out = new java.util.ArrayList<>();
    names.forEach(name -> out.add(obj("name", name, "exclusivity", labels.labels().getOrDefault(name, true))));
    return out;
  }

  /** {@code part} in percent of {@code whole}; 0 for a node that offers none. */
  private static float percentOf(double part, long whole) {
    return whole <= 0 ? 0f : (float) (part * 100 / whole);
  }

  /** YARN's ResourceUtilizationInfo: what the node's NM measured (host, and its containers together). */
  private static Map<String, Object> utilization(NodeUtilization u) {
    return obj("nodePhysicalMemoryMB", u.node().pmemMb(), "nodeVirtualMemoryMB", u.node().vmemMb(),
        "nodeCPUUsage", u.node().cpuVcores(), "aggregatedContainersPhysicalMemoryMB", u.containers().pmemMb(),
        "aggregatedContainersVirtualMemoryMB", u.containers().vmemMb(), "containersCPUUsage",
        u.containers().cpuVcores());
  }

  static Map<String, Object> metrics(ClusterMetricsView m) {
    long totalMb = m.total().memoryMb();
    int totalVcores = m.total().vcores();
    return obj("appsSubmitted", m.appsSubmitted(), "appsCompleted", m.appsCompleted(),
        "appsPending", m.appsPending(), "appsRunning", m.appsRunning(), "appsFailed", m.appsFailed(),
        "appsKilled", m.appsKilled(), "reservedMB", m.reserved().memoryMb(), "availableMB", m.available().memoryMb(),
        "allocatedMB", m.allocated().memoryMb(), "pendingMB", m.pending().memoryMb(),
        "reservedVirtualCores", m.reserved().vcores(), "availableVirtualCores", m.available().vcores(),
        "allocatedVirtualCores", m.allocated().vcores(), "pendingVirtualCores", m.pending().vcores(),
        "containersAllocated", m.containersAllocated(), "containersReserved", m.containersReserved(),
        "containersPending", m.containersPending(), "totalMB", totalMb,
        "utilizedMB", m.containersMeasured().pmemMb(), "totalVirtualCores", totalVcores,
        "utilizedVirtualCores", Math.round(m.containersMeasured().cpuVcores()),
        "utilizedMBPercent", (int) percentOf(m.hostsMeasured().pmemMb(), totalMb),
        "utilizedVirtualCoresPercent", (int) percentOf(m.hostsMeasured().cpuVcores(), totalVcores),
        "rmSchedulerBusyPercent", m.coreBusyPercent(),
        "totalNodes", m.nodes(), "lostNodes", m.lostNodes(), "unhealthyNodes", m.unhealthyNodes(),
        "decommissioningNodes", m.decommissioningNodes(), "decommissionedNodes", m.decommissionedNodes(),
        "rebootedNodes", 0, "activeNodes", m.activeNodes(), "shutdownNodes", m.shutdownNodes(),
        "containerAssignedPerSecond", m.containersAssignedLastSecond(),
        // one partition (Weft has no node labels), so the cross-partition totals are the cluster's
        "totalUsedResourcesAcrossPartition", ResourceJson.resource(ResourceJson.withTypesOf(m.allocated(), m.total())),
        "totalClusterResourcesAcrossPartition", ResourceJson.resource(m.total()),
        "totalReservedResourcesAcrossPartition",
        ResourceJson.resource(ResourceJson.withTypesOf(m.reserved(), m.total())),
        "totalAllocatedContainersAcrossPartition", m.containersAllocated(),
        "crossPartitionMetricsAvailable", true,
        // one loop applies every change, the scheduler's included: both queues are its queue
        "rmEventQueueSize", m.coreQueueSize(), "schedulerEventQueueSize", m.coreQueueSize());
  }

  static Map<String, Object> newApplication(ApplicationId id, Resource max) {
    return obj("application-id", id.toString(), "maximum-resource-capability", ResourceJson.resource(max));
  }
}
