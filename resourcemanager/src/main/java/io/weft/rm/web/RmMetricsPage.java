package io.weft.rm.web;

import static io.weft.rm.web.Futures.await;

import io.weft.common.web.Prometheus;
import io.weft.common.web.WebResponse;
import io.weft.rm.core.ClusterMetricsView;
import io.weft.rm.core.RmCore;
import io.weft.rm.node.NodeReport;
import java.util.Map;
import java.util.Set;

/** {@code /metrics}: cluster, queue and node gauges in Prometheus' text format. */
final class RmMetricsPage {
  private RmMetricsPage() {}

  static WebResponse render(RmCore core) {
    ClusterMetricsView m = await(core.metrics());
    Prometheus p = new Prometheus()
        .counter("weft_rm_apps_submitted_total", "applications submitted since the RM started", m.appsSubmitted())
        .counter("weft_rm_apps_completed_total", "applications that ended FINISHED", m.appsCompleted())
        .counter("weft_rm_apps_failed_total", "applications that ended FAILED", m.appsFailed())
        .counter("weft_rm_apps_killed_total", "applications that ended KILLED", m.appsKilled())
        .gauge("weft_rm_apps_pending", "applications waiting for their AM to run", m.appsPending())
        .gauge("weft_rm_apps_running", "applications running", m.appsRunning())
        .gauge("weft_rm_containers_allocated", "containers allocated and not yet ended", m.containersAllocated())
        .gauge("weft_rm_containers_pending", "containers asked for and not yet allocated", m.containersPending())
        .gauge("weft_rm_memory_total_mb", "memory of the active nodes", m.total().memoryMb())
        .gauge("weft_rm_memory_allocated_mb", "memory allocated to containers", m.allocated().memoryMb())
        .gauge("weft_rm_vcores_total", "vcores of the active nodes", m.total().vcores())
        .gauge("weft_rm_vcores_allocated", "vcores allocated to containers", m.allocated().vcores());
    p.metric("weft_rm_nodes", "gauge", "nodes by state", Map.of("state", "RUNNING"), m.activeNodes())
        .sample("weft_rm_nodes", Map.of("state", "LOST"), m.lostNodes())
        .sample("weft_rm_nodes", Map.of("state", "UNHEALTHY"), m.unhealthyNodes())
        .sample("weft_rm_nodes", Map.of("state", "SHUTDOWN"), m.shutdownNodes());
    p.metric("weft_rm_queue_allocated_mb", "gauge", "memory allocated per queue", Map.of("queue", "root.default"),
        m.allocated().memoryMb());
    p.metric("weft_rm_queue_apps_running", "gauge", "running applications per queue",
        Map.of("queue", "root.default"), m.appsRunning());
    var nodes = await(core.nodes(Set.of()));
    if (!nodes.isEmpty()) {
      boolean first = true;
      for (NodeReport n : nodes) {
        Map<String, String> labels = Map.of("node", n.nodeId().toString());
        if (first) {
          p.metric("weft_rm_node_memory_used_mb", "gauge", "memory used per node", labels, n.used().memoryMb());
          first = false;
        } else {
          p.sample("weft_rm_node_memory_used_mb", labels, n.used().memoryMb());
        }
      }
      first = true;
      for (NodeReport n : nodes) {
        Map<String, String> labels = Map.of("node", n.nodeId().toString());
        if (first) {
          p.metric("weft_rm_node_containers", "gauge", "containers per node", labels, n.numContainers());
          first = false;
        } else {
          p.sample("weft_rm_node_containers", labels, n.numContainers());
        }
      }
    }
    return p.response();
  }
}
