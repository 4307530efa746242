package io.weft.nm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.ContainerSignals;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.resource.NodeUtilization;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Resources;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.RetryPolicy;
import io.weft.common.rpc.RetryingCalls;
import io.weft.common.rpc.WeftException;
import io.weft.nm.container.ContainerManager;
import io.weft.nm.health.NodeHealth;
import io.weft.common.launch.ExitStatus;
import io.weft.nm.security.SharedMasterKeys;
import io.weft.nm.logs.LogAggregator;
import io.weft.proto.ContainerSignalOrder;
import io.weft.proto.LogAggregationReport;
import io.weft.proto.LogAggregationStatus;
import io.weft.proto.MasterKey;
import io.weft.proto.NodeAction;
import io.weft.proto.NodeHealthStatus;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.NodeStatus;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.RegisterNodeManagerResponse;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.UnRegisterNodeManagerRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The NM's link to the RM: registers (with every container it has, running or completed and not
 * yet recorded by the RM), then heartbeats on the interval the RM dictates and at once (coalesced)
 * when a container changes state, with the log aggregation status of each application; applies what the RM
 * answers. An unreachable RM is retried
 * forever with bounded, jittered exponential back-off; it never stops the loop and never kills a
 * container. A RESYNC (a restarted RM that does not know this node) registers again.
 */
public final class NodeStatusUpdater implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();

  /** Who this node is, as told to the RM. */
  public record NodeInfo(NodeId nodeId, String httpAddress, Resource capability, Path logDir) {}

  private final NodeInfo node;
  private final ManagedChannel channel;
  private final ContainerManager containers;
  private final Supplier<NodeUtilization> utilization;
  private final SharedMasterKeys containerKeys;
  private final SharedMasterKeys nmTokenKeys;
  private final HeartbeatTrigger trigger;
  private final Runnable shutdownRequested;
  private final Duration rpcTimeout;
  private final RetryPolicy retryPolicy;
  private final Duration retryCap;
  private final boolean unregisterOnClose;
  private final Supplier<NodeHealth> health;
  private final Supplier<List<LogAggregator.Report>> logAggregation;
  private final Thread thread;
  /** Used by the loop thread only. */
  private final HeartbeatStream heartbeats;
  /** The current run of failed calls; null while the RM answers. Used by the loop thread (and start) only. */
  private RetryPolicy.Attempts failing;
  /** Where the last failed call went and how it failed: a retry after UNAVAILABLE fails over from there. */
  private HostPort lastTarget;
  private RuntimeException lastFailure;
  private Duration nextPause = Duration.ZERO;
  private volatile Duration interval;
  private volatile boolean running;
  private volatile boolean registered;
  private int lastResponseId;
  private boolean started;

  /**
   * {@code retryCap} bounds the back-off between attempts to reach an unreachable RM;
   * {@code unregisterOnClose} is false with recovery on, so that the RM keeps the node (and its
   * containers) for the restarted NodeManager. {@code health} is what registration and every
   * heartbeat report of the node's health.
   */
  public NodeStatusUpdater(NodeInfo node, ManagedChannel channel, ContainerManager containers,
      Supplier<NodeUtilization> utilization, SharedMasterKeys containerKeys, SharedMasterKeys nmTokenKeys,
      HeartbeatTrigger trigger,
      Runnable shutdownRequested, Duration defaultInterval, Duration retryCap, Duration rpcTimeout,
      boolean unregisterOnClose, Supplier<NodeHealth> health, Supplier<List<LogAggregator.Report>> logAggregation) {
    this.health = requireNonNull(health);
    this.logAggregation = requireNonNull(logAggregation);
    this.node = requireNonNull(node);
    this.channel = requireNonNull(channel);
    this.containers = requireNonNull(containers);
    this.utilization = requireNonNull(utilization);
    this.containerKeys = requireNonNull(containerKeys);
    this.nmTokenKeys = requireNonNull(nmTokenKeys);
    this.trigger = requireNonNull(trigger);
    this.shutdownRequested = requireNonNull(shutdownRequested);
    this.interval = requireNonNull(defaultInterval);
    this.rpcTimeout = requireNonNull(rpcTimeout);
    this.retryCap = requireNonNull(retryCap);
    this.retryPolicy = RetryPolicy.forever(retryCap);
    this.unregisterOnClose = unregisterOnClose;
    this.heartbeats = new HeartbeatStream(channel, trigger::answerArrived);
    this.thread = new Thread(this::loop, "nm-heartbeat-" + node.nodeId());
    thread.setDaemon(true);
  }

  /** Tries to register once right away, then keeps registering / heartbeating on a thread. */
  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    running = true;
    register();
    thread.start();
  }

  public boolean isRegistered() {
    return registered;
  }

  private ResourceTrackerServiceGrpc.ResourceTrackerServiceBlockingStub stub() {
    lastTarget = RetryingCalls.targetOf(channel);
    return ResourceTrackerServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void loop() {
    try {
      beat();
    } finally {
      heartbeats.close();
    }
  }

  private void beat() {
    while (running) {
      try {
        if (failing == null) {
          awaitNextHeartbeat();
        } else {
          pause(nextPause);
        }
      } catch (InterruptedException e) {
        return;
      }
      if (!running) {
        return;
      }
      if (failing != null) {
        // The RM may be back (or, with HA, another be active): fail over, or dial at once rather than
        // after gRPC's own reconnect back-off (up to 2 min).
        RetryingCalls.readyForRetry(channel, lastTarget, lastFailure);
      }
      if (registered) {
        heartbeat();
      } else {
        register();
      }
    }
  }

  /** Waits the interval, or until a heartbeat is asked for, applying the answers that arrive meanwhile. */
  private void awaitNextHeartbeat() throws InterruptedException {
    long deadline = System.nanoTime() + interval.toNanos();
    while (!trigger.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
      try {
        heartbeats.takeArrived(this::apply);
      } catch (RuntimeException e) {
        failed("heartbeat to the ResourceManager", e);
        return;
      }
      if (!running || !registered) {
        return;
      }
    }
  }

  /** Waits {@code pause} whatever container changes fire meanwhile (the next call reports them all); close ends it. */
  private void pause(Duration pause) throws InterruptedException {
    long deadline = System.nanoTime() + pause.toNanos();
    long left;
    while (running && (left = deadline - System.nanoTime()) > 0) {
      trigger.await(Duration.ofNanos(left));
    }
  }

  private void succeeded() {
    if (failing != null) {
      LOG.info("{} reached the ResourceManager again after {} failed tries", node.nodeId(), failing.failures());
    }
    failing = null;
  }

  /** Plans the next try after {@code e}: back-off while the RM is unreachable, its own interval otherwise. */
  private void failed(String what, RuntimeException e) {
    lastFailure = e;
    boolean first = failing == null;
    if (first) {
      failing = retryPolicy.start();
    }
    try {
      nextPause = failing.pauseAfter(e, what);
    } catch (RuntimeException answered) {
      // The RM answered with an error (or the call timed out): try again on the usual interval.
      nextPause = interval;
    }
    if (first) {
      LOG.warn("{} {} failed (retrying with back-off up to {} ms, for as long as it takes; containers keep "
          + "running): {}", node.nodeId(), what, retryCap.toMillis(), e.getMessage());
    } else {
      LOG.debug("{} {} failed again ({} tries), next try in {} ms: {}", node.nodeId(), what, failing.failures(),
          nextPause.toMillis(), e.getMessage());
    }
  }

  private void register() {
    RegisterNodeManagerRequest.Builder request = RegisterNodeManagerRequest.newBuilder()
        .setNodeId(node.nodeId().toString())
        .setHttpAddress(node.httpAddress())
        .setResource(Resources.toProto(node.capability()))
        .setNmVersion("0.1.0")
        .setLogDir(node.logDir().toString())
        .setNodeHealthStatus(healthStatus());
    containers.reports().forEach(r -> request.addRunningContainers(ProtoMapping.toProto(r)));
    try {
      RegisterNodeManagerResponse response = stub().registerNodeManager(request.build());
      if (response.getNodeAction() == NodeAction.SHUTDOWN) {
        LOG.error("ResourceManager refused {}: {}", node.nodeId(), response.getDiagnosticsMessage());
        requestShutdown();
        return;
      }
      // The older key first: each update makes the key it installs the newest.
      updateKey(containerKeys, response.getPreviousContainerTokenMasterKey());
      updateKey(containerKeys, response.getContainerTokenMasterKey());
      updateKey(nmTokenKeys, response.getPreviousNmTokenMasterKey());
      updateKey(nmTokenKeys, response.getNmTokenMasterKey());
      if (response.getHeartbeatIntervalMs() > 0) {
        interval = Duration.ofMillis(response.getHeartbeatIntervalMs());
      }
      synchronized (this) {
        lastResponseId = 0;
      }
      registered = true;
      succeeded();
      LOG.info("{} registered with the ResourceManager, capability {}, {} containers, heartbeat every {} ms",
          node.nodeId(), node.capability(), request.getRunningContainersCount(), interval.toMillis());
    } catch (RuntimeException e) {
      failed("registration with the ResourceManager", e);
    }
  }

  private void heartbeat() {
    NodeStatus.Builder status = NodeStatus.newBuilder()
        .setNodeId(node.nodeId().toString())
        .setNodeHealthStatus(healthStatus());
    synchronized (this) {
      status.setResponseId(lastResponseId);
    }
    containers.reports().forEach(r -> status.addContainerStatuses(ProtoMapping.toProto(r)));
    NodeUtilization measured = utilization.get();
    status.setContainersUtilization(Resources.toProto(measured.containers()))
        .setNodeUtilization(Resources.toProto(measured.node()));
    for (LogAggregator.Report report : logAggregation.get()) {
      status.addLogAggregationReports(LogAggregationReport.newBuilder().setApplicationId(report.app().toString())
          .setStatus(LogAggregationStatus.valueOf("LOG_AGGREGATION_" + report.status().name()))
          .setDiagnostics(report.diagnostics()));
    }
    NodeHeartbeatRequest.Builder request = NodeHeartbeatRequest.newBuilder().setNodeStatus(status);
    // Ids only: the RM answers with a key when this node's newest is not its own; no secret need cross.
    containerKeys.current().ifPresent(k -> request.setLastKnownContainerTokenMasterKey(
        MasterKey.newBuilder().setKeyId(k.keyId())));
    nmTokenKeys.current().ifPresent(k -> request.setLastKnownNmTokenMasterKey(
        MasterKey.newBuilder().setKeyId(k.keyId())));
    try {
      lastTarget = RetryingCalls.targetOf(channel);
      heartbeats.send(request, rpcTimeout, this::apply);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      failed("heartbeat to the ResourceManager", e);
      return;
    }
    succeeded();
  }

  private NodeHealthStatus healthStatus() {
    NodeHealth now = health.get();
    return NodeHealthStatus.newBuilder().setIsNodeHealthy(now.healthy()).setHealthReport(now.report())
        .setLastHealthReportTimeMs(now.checked().toEpochMilli()).build();
  }

  private void apply(NodeHeartbeatResponse response) {
    synchronized (this) {
      lastResponseId = response.getResponseId();
    }
    updateKey(containerKeys, response.getContainerTokenMasterKey());
    updateKey(nmTokenKeys, response.getNmTokenMasterKey());
    if (response.getNextHeartbeatIntervalMs() > 0) {
      interval = Duration.ofMillis(response.getNextHeartbeatIntervalMs());
    }
    for (String id : response.getContainersToCleanupList()) {
      stopQuietly(id);
    }
    for (String app : response.getApplicationsToCleanupList()) {
      containers.cleanupApplication(ApplicationId.parse(app));
    }
    for (ContainerSignalOrder order : response.getContainersToSignalList()) {
      signalQuietly(order);
    }
    for (String id : response.getContainersToBeRemovedFromNmList()) {
      containers.forget(ContainerId.parse(id));
    }
    switch (response.getNodeAction()) {
      case RESYNC -> {
        // A restarted RM that does not know this node: register again with every container; none is killed.
        LOG.info("{} asked to resync: registering again with its {} containers", node.nodeId(),
            containers.reports().size());
        registered = false;
        trigger.fire();
      }
      case SHUTDOWN -> {
        LOG.warn("the ResourceManager ordered {} to shut down ({}); stopping its containers and exiting",
            node.nodeId(), response.getDiagnosticsMessage());
        requestShutdown();
      }
      default -> { }
    }
  }

  private void stopQuietly(String id) {
    try {
      containers.stop(ContainerId.parse(id), ExitStatus.KILLED_BY_RESOURCEMANAGER,
          "Container killed by the ResourceManager");
    } catch (WeftException e) {
      LOG.debug("cannot clean up {}: {}", id, e.getMessage());
    }
  }

  private void signalQuietly(ContainerSignalOrder order) {
    try {
      if (!containers.signal(ContainerId.parse(order.getContainerId()),
          ContainerSignals.fromProto(order.getCommand()))) {
        LOG.info("{} has no running process to send {} to", order.getContainerId(), order.getCommand());
      }
    } catch (WeftException e) {
      LOG.warn("cannot send {} to {}: {}", order.getCommand(), order.getContainerId(), e.getMessage());
    }
  }

  private static void updateKey(SharedMasterKeys keys, MasterKey key) {
    if (key.getBytes().isEmpty()) {
      return;
    }
    try {
      keys.update(new io.weft.common.security.MasterKey(key.getKeyId(), key.getBytes().toByteArray()));
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring master key {} from the ResourceManager: {}", key.getKeyId(), e.getMessage());
    }
  }

  private void requestShutdown() {
    running = false;
    Thread closer = new Thread(shutdownRequested, "nm-shutdown");
    closer.setDaemon(false);
    closer.start();
  }

  /** Stops the loop and unregisters (best effort), unless the RM should keep this node for its restart. */
  @Override
  public void close() {
    running = false;
    trigger.fire();
    if (Thread.currentThread() != thread && thread.isAlive()) {
      try {
        thread.join(rpcTimeout.toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (registered && !unregisterOnClose) {
      registered = false;
      LOG.info("{} stays registered with the ResourceManager: the restarted NodeManager recovers its containers",
          node.nodeId());
    }
    if (registered) {
      registered = false;
      try {
        stub().withDeadlineAfter(Math.min(rpcTimeout.toMillis(), 5000), TimeUnit.MILLISECONDS)
            .unRegisterNodeManager(UnRegisterNodeManagerRequest.newBuilder().setNodeId(node.nodeId().toString()).build());
        LOG.info("{} unregistered from the ResourceManager", node.nodeId());
      } catch (RuntimeException e) {
        LOG.warn("{} could not unregister from the ResourceManager: {}", node.nodeId(), e.getMessage());
      }
    }
  }
}
