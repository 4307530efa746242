package io.weft.rm.node;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ContainerSignal;
import io.weft.common.resource.NodeUtilization;
import io.weft.common.resource.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A registered NodeManager: capability, what is allocated on it, liveness and the cleanup it
 * still has to be told about. Mutable; owned by the RM core loop.
 */
public final class RmNode {
  private final int number;
  private final NodeId id;
  private final String httpAddress;
  private final Resource capability;
  private final String logDir;
  private final String rack;
  private final Map<ContainerId, Resource> containers = new LinkedHashMap<>();
  private final Set<ContainerId> containersToCleanup = new LinkedHashSet<>();
  private final Set<ApplicationId> appsToCleanup = new LinkedHashSet<>();
  private final List<ContainerSignalOrder> signalsToSend = new ArrayList<>();
  private NodeState state = NodeState.NEW;
  private Resource allocated = Resource.NONE;
  private Instant lastHeartbeat;
  private String healthReport = "";
  private boolean healthy = true;
  private Instant stateSince;
  /** When a draining node is decommissioned whatever it still runs; null = no limit (or not draining). */
  private Instant decommissionDeadline;
  private NodeUtilization utilization = NodeUtilization.NONE;
  /** Its node label, YARN's partition ("" = none). */
  private String partition = "";
  private int responseId;
  private final Consumer<RmNode> onChange;
  private final IntConsumer onReportChange;

  /**
   * Numbered {@code number} by the core (for sets of nodes kept as bits), in {@code rack}, with {@code onChange}
   * told whenever the node's state or free resources change (for the scheduler's index) and {@code onReportChange}
   * (given its number) whenever anything its report shows changes (heartbeats, health, utilization, a drain
   * deadline), for the snapshot readers see.
   */
  public RmNode(int number, NodeId id, String httpAddress, String rack, Resource capability, String logDir,
      Instant registered, Consumer<RmNode> onChange, IntConsumer onReportChange) {
    this.number = number;
    this.onChange = requireNonNull(onChange);
    this.onReportChange = requireNonNull(onReportChange);
    this.rack = requireNonNull(rack);
    this.id = requireNonNull(id);
    this.httpAddress = requireNonNull(httpAddress);
    this.capability = requireNonNull(capability);
    this.logDir = logDir == null ? "" : logDir;
    this.lastHeartbeat = requireNonNull(registered);
    this.stateSince = registered;
  }

  /** Applies {@code event} at {@code now}; true when the state changed. */
  public boolean handle(NodeEvent event, Instant now) {
    NodeState before = state;
    state = NodeLifecycle.TABLE.next(id, state, event);
    changed();
    if (state != before) {
      stateSince = requireNonNull(now);
      if (state != NodeState.DECOMMISSIONING) {
        decommissionDeadline = null;
      }
      return true;
    }
    return false;
  }

  public void allocate(ContainerId container, Resource resource) {
    if (containers.putIfAbsent(container, resource) == null) {
      allocated = allocated.add(resource);
      changed();
    }
  }

  /** Gives back the resources of {@code container}; false when it was not on this node. */
  public boolean release(ContainerId container) {
    Resource resource = containers.remove(container);
    if (resource == null) {
      return false;
    }
    allocated = allocated.subtract(resource);
    changed();
    return true;
  }

  public void heard(Instant when, int responseId) {
    onReportChange.accept(number);
    this.lastHeartbeat = when;
    this.responseId = responseId;
  }

  /** What the NM's health checks last said. */
  public void health(boolean healthy, String report) {
    onReportChange.accept(number);
    this.healthy = healthy;
    this.healthReport = report == null ? "" : report;
  }

  public boolean healthy() {
    return healthy;
  }

  /** Until when a DECOMMISSIONING node may drain; null = until its containers end. */
  public void decommissionDeadline(Instant deadline) {
    onReportChange.accept(number);
    this.decommissionDeadline = deadline;
  }

  public Instant decommissionDeadline() {
    return decommissionDeadline;
  }

  /** When the node entered its current state. */
  public Instant stateSince() {
    return stateSince;
  }

  /** What the NM last measured in use on the node. */
  public void utilization(NodeUtilization measured) {
    onReportChange.accept(number);
    this.utilization = requireNonNull(measured);
  }

  /** Gives the node label {@code label} ("" = none); true when that changed its partition. */
  public boolean partition(String label) {
    if (partition.equals(requireNonNull(label))) {
      return false;
    }
    partition = label;
    changed();
    return true;
  }

  public String partition() {
    return partition;
  }

  /** The resources of each container it holds (a read-only view). */
  public Map<ContainerId, Resource> holdings() {
    return java.util.Collections.unmodifiableMap(containers);
  }

  public void cleanupContainer(ContainerId container) {
    containersToCleanup.add(container);
  }

  public void cleanupApplication(ApplicationId app) {
    appsToCleanup.add(app);
  }

  /** Has the node send {@code signal} to {@code container} when it next hears from the RM. */
  public void signalContainer(ContainerId container, ContainerSignal signal) {
    signalsToSend.add(new ContainerSignalOrder(container, signal));
  }

  public List<ContainerSignalOrder> drainSignalsToSend() {
    List<ContainerSignalOrder> out = List.copyOf(signalsToSend);
    signalsToSend.clear();
    return out;
  }

  public List<ContainerId> drainContainersToCleanup() {
    List<ContainerId> out = new ArrayList<>(containersToCleanup);
    containersToCleanup.clear();
    return out;
  }

  public List<ApplicationId> drainAppsToCleanup() {
    List<ApplicationId> out = new ArrayList<>(appsToCleanup);
    appsToCleanup.clear();
    return out;
  }

  /** Its number among the nodes the core knows, kept across re-registrations. */
  public int number() {
    return number;
  }

  public NodeId id() {
    return id;
  }

  public String httpAddress() {
    return httpAddress;
  }

  public String rack() {
    return rack;
  }

  public String logDir() {
    return logDir;
  }

  public Resource capability() {
    return capability;
  }

  public Resource allocated() {
    return allocated;
  }

  public Resource free() {
    return capability.subtract(allocated);
  }

  public Set<ContainerId> containers() {
    return Set.copyOf(containers.keySet());
  }

  public NodeState state() {
    return state;
  }

  public Instant lastHeartbeat() {
    return lastHeartbeat;
  }

  public int responseId() {
    return responseId;
  }

  public NodeReport report() {
    return new NodeReport(id, state, httpAddress, rack, capability, allocated, containers.size(), healthReport,
        lastHeartbeat, decommissionDeadline, utilization, partition);
  }

  private void changed() {
    onChange.accept(this);
    onReportChange.accept(number);
  }
}
