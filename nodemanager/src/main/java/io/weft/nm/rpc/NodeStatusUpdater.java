package io.weft.nm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.WeftException;
import io.weft.nm.container.ContainerManager;
import io.weft.common.launch.ExitStatus;
import io.weft.nm.security.ContainerTokenKeys;
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
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The NM's link to the RM: registers, then heartbeats on the interval the RM dictates and at once
 * (coalesced) when a container changes state; applies what the RM answers. An unreachable RM is
 * retried forever on the interval; it never stops the loop.
 */
public final class NodeStatusUpdater implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();

  /** Who this node is, as told to the RM. */
  public record NodeInfo(NodeId nodeId, String httpAddress, Resource capability, Path logDir) {}

  private final NodeInfo node;
  private final Channel channel;
  private final ContainerManager containers;
  private final ContainerTokenKeys keys;
  private final HeartbeatTrigger trigger;
  private final Runnable shutdownRequested;
  private final Duration rpcTimeout;
  private final Thread thread;
  private volatile Duration interval;
  private volatile boolean running;
  private volatile boolean registered;
  private int lastResponseId;
  private boolean started;

  public NodeStatusUpdater(NodeInfo node, Channel channel, ContainerManager containers, ContainerTokenKeys keys,
      HeartbeatTrigger trigger, Runnable shutdownRequested, Duration defaultInterval, Duration rpcTimeout) {
    this.node = requireNonNull(node);
    this.channel = requireNonNull(channel);
    this.containers = requireNonNull(containers);
    this.keys = requireNonNull(keys);
    this.trigger = requireNonNull(trigger);
    this.shutdownRequested = requireNonNull(shutdownRequested);
    this.interval = requireNonNull(defaultInterval);
    this.rpcTimeout = requireNonNull(rpcTimeout);
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
    return ResourceTrackerServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void loop() {
    while (running) {
      try {
        trigger.await(interval);
      } catch (InterruptedException e) {
        return;
      }
      if (!running) {
        return;
      }
      if (registered) {
        heartbeat();
      } else {
        register();
      }
    }
  }

  private void register() {
    RegisterNodeManagerRequest.Builder request = RegisterNodeManagerRequest.newBuilder()
        .setNodeId(node.nodeId().toString())
        .setHttpAddress(node.httpAddress())
        .setResource(Resources.toProto(node.capability()))
        .setNmVersion("0.1.0")
        .setLogDir(node.logDir().toString());
    containers.reports().forEach(r -> request.addRunningContainers(ProtoMapping.toProto(r)));
    try {
      RegisterNodeManagerResponse response = stub().registerNodeManager(request.build());
      if (response.getNodeAction() == NodeAction.SHUTDOWN) {
        LOG.error("ResourceManager refused {}: {}", node.nodeId(), response.getDiagnosticsMessage());
        requestShutdown();
        return;
      }
      updateKey(response.getContainerTokenMasterKey());
      if (response.getHeartbeatIntervalMs() > 0) {
        interval = Duration.ofMillis(response.getHeartbeatIntervalMs());
      }
      synchronized (this) {
        lastResponseId = 0;
      }
      registered = true;
      LOG.info("{} registered with the ResourceManager, capability {}, heartbeat every {} ms", node.nodeId(),
          node.capability(), interval.toMillis());
    } catch (RuntimeException e) {
      LOG.warn("{} cannot register with the ResourceManager (retrying every {} ms): {}", node.nodeId(),
          interval.toMillis(), e.getMessage());
    }
  }

  private void heartbeat() {
    NodeStatus.Builder status = NodeStatus.newBuilder()
        .setNodeId(node.nodeId().toString())
        .setNodeHealthStatus(NodeHealthStatus.newBuilder().setIsNodeHealthy(true)
            .setLastHealthReportTimeMs(System.currentTimeMillis()));
    synchronized (this) {
      status.setResponseId(lastResponseId);
    }
    containers.reports().forEach(r -> status.addContainerStatuses(ProtoMapping.toProto(r)));
    NodeHeartbeatRequest.Builder request = NodeHeartbeatRequest.newBuilder().setNodeStatus(status);
    keys.current().ifPresent(k -> request.setLastKnownContainerTokenMasterKey(
        MasterKey.newBuilder().setKeyId(k.keyId()).setBytes(com.google.protobuf.ByteString.copyFrom(k.secret()))));
    try {
      apply(stub().nodeHeartbeat(request.build()));
    } catch (RuntimeException e) {
      LOG.warn("{} heartbeat to the ResourceManager failed (retrying in {} ms): {}", node.nodeId(),
          interval.toMillis(), e.getMessage());
    }
  }

  private void apply(NodeHeartbeatResponse response) {
    synchronized (this) {
      lastResponseId = response.getResponseId();
    }
    updateKey(response.getContainerTokenMasterKey());
    if (response.getNextHeartbeatIntervalMs() > 0) {
      interval = Duration.ofMillis(response.getNextHeartbeatIntervalMs());
    }
    for (String id : response.getContainersToCleanupList()) {
      stopQuietly(id);
    }
    for (String app : response.getApplicationsToCleanupList()) {
      containers.cleanupApplication(ApplicationId.parse(app));
    }
    for (String id : response.getContainersToBeRemovedFromNmList()) {
      containers.forget(ContainerId.parse(id));
    }
    switch (response.getNodeAction()) {
      case RESYNC -> {
        LOG.info("{} asked to resync: registering again", node.nodeId());
        registered = false;
        trigger.fire();
      }
      case SHUTDOWN -> {
        LOG.info("{} asked to shut down: {}", node.nodeId(), response.getDiagnosticsMessage());
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

  private void updateKey(MasterKey key) {
    if (key.getBytes().isEmpty()) {
      return;
    }
    try {
      keys.update(new io.weft.common.security.MasterKey(key.getKeyId(), key.getBytes().toByteArray()));
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring container-token master key {} from the ResourceManager: {}", key.getKeyId(), e.getMessage());
    }
  }

  private void requestShutdown() {
    running = false;
    Thread closer = new Thread(shutdownRequested, "nm-shutdown");
    closer.setDaemon(false);
    closer.start();
  }

  /** Stops the loop and unregisters (best effort). */
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
