package io.weft.rm.app;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the NodeManagers say of each application's log aggregation (in their heartbeats), folded into the one
 * status REST shows as {@code logAggregationStatus}, as YARN's RM does: NOT_START until a node starts uploading,
 * RUNNING while any node has not finished, FAILED when a node gave up, SUCCEEDED when every node that ran the
 * application stored its logs, TIME_OUT when the application ended {@link #TIME_OUT} ago and not every node has
 * (YARN's yarn.log-aggregation-status.time-out.ms). Thread-safe; kept in memory for the newest
 * {@link #MAX_APPLICATIONS} applications only (a restarted RM learns the statuses again from heartbeats for as long
 * as the NodeManagers still report them).
 */
public final class LogAggregationReports {
  public static final Duration TIME_OUT = Duration.ofMinutes(10);
  static final int MAX_APPLICATIONS = 10_000;

  /** One node's word on one application: NOT_START, RUNNING, SUCCEEDED or FAILED. */
  public record NodeReport(String status, String diagnostics) {}

  private final Map<ApplicationId, Map<NodeId, NodeReport>> byApp = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ApplicationId, Map<NodeId, NodeReport>> eldest) {
      return size() > MAX_APPLICATIONS;
    }
  };

  public synchronized void report(NodeId node, ApplicationId app, String status, String diagnostics) {
    byApp.computeIfAbsent(app, a -> new TreeMap<>()).put(node, new NodeReport(status, diagnostics));
  }

  /** The nodes' reports on {@code app}, by node. */
  public synchronized Map<NodeId, NodeReport> reports(ApplicationId app) {
    return Map.copyOf(byApp.getOrDefault(app, Map.of()));
  }

  /** The status of {@code app}; {@code finished} is when it ended, null while it runs. */
  public String status(ApplicationId app, Instant finished, Instant now) {
    Collection<NodeReport> nodes = reports(app).values();
    boolean timedOut = finished != null && !finished.plus(TIME_OUT).isAfter(now);
    if (nodes.stream().anyMatch(n -> n.status().equals("FAILED"))) {
      return "FAILED";
    }
    boolean allSucceeded = !nodes.isEmpty() && nodes.stream().allMatch(n -> n.status().equals("SUCCEEDED"));
    if (finished != null && allSucceeded) {
      return "SUCCEEDED";
    }
    if (timedOut) {
      return "TIME_OUT";
    }
    return nodes.stream().allMatch(n -> n.status().equals("NOT_START")) ? "NOT_START" : "RUNNING";
  }
}
