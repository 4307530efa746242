package io.weft.bench;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceUtilization;
import io.weft.common.rpc.Resources;
import io.weft.nm.rpc.ContainerGrant;
import io.weft.nm.security.SharedMasterKeys;
import io.weft.proto.ContainerState;
import io.weft.proto.ContainerStatus;
import io.weft.proto.MasterKey;
import io.weft.proto.NodeAction;
import io.weft.proto.NodeHealthStatus;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.NodeStatus;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.RegisterNodeManagerResponse;
import io.weft.proto.ResourceTrackerServiceGrpc;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated NodeManager as the RM sees it: it registers, keeps the container-token and NM-token
 * master keys the RM shares (in the real NM's {@link SharedMasterKeys}), and heartbeats as the real
 * {@code NodeStatusUpdater} does: on the interval the RM dictates and at once when one of its containers
 * changes, asking for an answer on the first heartbeat of a stream and after two unanswered (the RM answers the
 * others only when it has something for the node) and waiting for the answers it asked for. Each heartbeat
 * carries its health, the status of every container it holds and the ids (never the secrets) of the newest keys
 * it holds. It applies the answers: keys, containers to clean up, containers the RM has recorded, resync and
 * shut-down.
 * It runs no processes: a started container stays RUNNING until it is stopped (the benchmarks' AMs
 * are in-process objects, standing for the AM a real container would run).
 */
final class SimulatedNodeManager {
  private static final String NM_VERSION = "0.1.0";
  /** Heartbeats sent without asking for an answer before one asks again, as the real NM's HeartbeatStream. */
  private static final int UNASKED_IN_A_ROW = 2;

  private final NodeId id;
  private final Resource capability;
  private final ResourceTrackerServiceGrpc.ResourceTrackerServiceFutureStub tracker;
  private final ResourceTrackerServiceGrpc.ResourceTrackerServiceStub streamTracker;
  private final boolean unary;
  private final Clock clock;
  final SharedMasterKeys containerKeys = new SharedMasterKeys("container-token");
  final SharedMasterKeys nmTokenKeys = new SharedMasterKeys("NM-token");
  /** The containers this node holds, running or completed and not yet recorded by the RM. */
  private final Map<ContainerId, Held> containers = new ConcurrentHashMap<>();
  private final HeartbeatLatencies latencies;
  private final AtomicLong heartbeats = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private ScheduledExecutorService timer;
  private volatile Duration interval = Duration.ofSeconds(1);
  private volatile boolean running;
  /**
   * Guarded by this: a heartbeat that asked for an answer in flight (none is sent until it is answered), another
   * asked for meanwhile, the next scheduled, the heartbeats sent since the last answer.
   */
  private boolean inFlight;
  private boolean wanted;
  private ScheduledFuture<?> next;
  private int responseId;
  private int unanswered;
  /** The open heartbeat stream, or null; and when the heartbeat in flight on it was sent. */
  private StreamObserver<NodeHeartbeatRequest> stream;
  private long sent;

  /** A container this node holds, with its end once it has one. */
  private record Held(ContainerGrant grant, boolean complete, int exitStatus, String diagnostics) {}

  /**
   * {@code latencies} records each heartbeat's round trip (or is {@link HeartbeatLatencies#NONE}); {@code unary}
   * heartbeats with one NodeHeartbeat call each instead of on one stream as the real NM does (for comparison).
   */
  SimulatedNodeManager(NodeId id, Resource capability, ManagedChannel rm, Clock clock,
      HeartbeatLatencies latencies, boolean unary) {
    this.unary = unary;
    this.id = requireNonNull(id);
    this.capability = requireNonNull(capability);
    this.tracker = ResourceTrackerServiceGrpc.newFutureStub(requireNonNull(rm));
    this.streamTracker = ResourceTrackerServiceGrpc.newStub(rm);
    this.clock = requireNonNull(clock);
    this.latencies = requireNonNull(latencies);
  }

  NodeId id() {
    return id;
  }

  /** Heartbeats sent. */
  long heartbeats() {
    return heartbeats.get();
  }

  /** Answers received (to heartbeats that asked, and those the RM had something to say to). */
  long answered() {
    return answered.get();
  }

  long failures() {
    return failures.get();
  }

  /** Registers as the real NM does: its resources, version, health, and the containers it holds. */
  RegisterNodeManagerRequest registration() {
    RegisterNodeManagerRequest.Builder request = RegisterNodeManagerRequest.newBuilder().setNodeId(id.toString())
        .setHttpAddress(id.host() + ":1").setResource(Resources.toProto(capability)).setNmVersion(NM_VERSION)
        .setLogDir("/nonexistent/weft-bench/" + id.host() + "_" + id.port()).setNodeHealthStatus(health());
    containers.values().forEach(c -> request.addRunningContainers(status(c)));
    return request.build();
  }

  /** Takes what a registration was answered with; fails when the RM refused the node. */
  void registered(RegisterNodeManagerResponse response) {
    if (response.getNodeAction() == NodeAction.SHUTDOWN) {
      throw new IllegalStateException("the RM refused " + id + ": " + response.getDiagnosticsMessage());
    }
    // The older key first: each update makes the key it installs the newest (as NodeStatusUpdater does).
    updateKey(containerKeys, response.getPreviousContainerTokenMasterKey());
    updateKey(containerKeys, response.getContainerTokenMasterKey());
    updateKey(nmTokenKeys, response.getPreviousNmTokenMasterKey());
    updateKey(nmTokenKeys, response.getNmTokenMasterKey());
    if (response.getHeartbeatIntervalMs() > 0) {
      interval = Duration.ofMillis(response.getHeartbeatIntervalMs());
    }
    synchronized (this) {
      responseId = 0;
    }
  }

  /** Registers, blocking. */
  void register() throws Exception {
    registered(tracker.withDeadlineAfter(30, TimeUnit.SECONDS).registerNodeManager(registration()).get());
  }

  /** Registers; the future completes once the answer is taken (the connection is made, with TLS its handshake). */
  ListenableFuture<Void> registerAsync() {
    return Futures.transform(tracker.withDeadlineAfter(60, TimeUnit.SECONDS).registerNodeManager(registration()),
        response -> {
          registered(response);
          return null;
        }, MoreExecutors.directExecutor());
  }

  /** Heartbeats from now on, the first after {@code firstDelay}, on {@code timer} (which must outlive this). */
  synchronized void startHeartbeats(ScheduledExecutorService timer, Duration firstDelay) {
    this.timer = requireNonNull(timer);
    running = true;
    next = timer.schedule(this::heartbeat, firstDelay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops heartbeating (the call in flight, if any, still completes). */
  synchronized void stop() {
    running = false;
    if (next != null) {
      next.cancel(false);
    }
  }

  /** Whether no heartbeat that asked for an answer is in flight (after {@link #stop}: none will be again). */
  synchronized boolean idle() {
    return !inFlight;
  }

  /** A container changed: heartbeat at once, or right after the call in flight (coalesced, like the real NM). */
  synchronized void heartbeatSoon() {
    if (!running) {
      return;
    }
    if (inFlight) {
      wanted = true;
      return;
    }
    if (next != null) {
      next.cancel(false);
    }
    next = timer.schedule(this::heartbeat, 0, TimeUnit.NANOSECONDS);
  }

  private void heartbeat() {
    NodeHeartbeatRequest request;
    StreamObserver<NodeHeartbeatRequest> out;
    boolean ask;
    synchronized (this) {
      if (!running || inFlight) {
        return;
      }
      wanted = false;
      if (stream == null) {
        stream = unary ? new UnaryCalls() : streamTracker.nodeHeartbeats(new Answers());
        unanswered = UNASKED_IN_A_ROW;
      }
      ask = unary || unanswered >= UNASKED_IN_A_ROW;
      unanswered++;
      request = heartbeatRequest(responseId, ask);
      out = stream;
      if (ask) {
        inFlight = true;
        sent = System.nanoTime();
      }
    }
    heartbeats.incrementAndGet();
    out.onNext(request);
    if (!ask) {
      scheduleNext();
    }
  }

  /** Each heartbeat as a NodeHeartbeat call of its own, answered to the same observer as the stream's. */
  private final class UnaryCalls implements StreamObserver<NodeHeartbeatRequest> {
    private final Answers answers = new Answers();

    @Override
    public void onNext(NodeHeartbeatRequest request) {
      Futures.addCallback(tracker.withDeadlineAfter(30, TimeUnit.SECONDS).nodeHeartbeat(request),
          new FutureCallback<NodeHeartbeatResponse>() {
            @Override
            public void onSuccess(NodeHeartbeatResponse response) {
              answers.onNext(response);
            }

            @Override
            public void onFailure(Throwable t) {
              answers.onError(t);
            }
          }, MoreExecutors.directExecutor());
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }

  /**
   * The answers on this node's heartbeat stream: the one to the heartbeat that asked, whose round trip is
   * recorded and after which the next is scheduled (one such in flight at a time, as the real NM), and those the RM
   * sent unasked, applied as they come.
   */
  private final class Answers implements StreamObserver<NodeHeartbeatResponse> {
    @Override
    public void onNext(NodeHeartbeatResponse response) {
      long sentAt;
      synchronized (SimulatedNodeManager.this) {
        sentAt = sent;
        unanswered = 0;
      }
      answered.incrementAndGet();
      if (response.getAnswerWanted()) {
        latencies.record(sentAt, System.nanoTime());
      }
      apply(response);
      if (response.getAnswerWanted()) {
        scheduleNext();
      }
    }

    @Override
    public void onError(Throwable t) {
      synchronized (SimulatedNodeManager.this) {
        stream = null;
      }
      if (!running) {
        return; // stopped: its channel is being closed under the stream
      }
      if (failures.incrementAndGet() == 1) {
        System.err.println(id + ": heartbeat failed: " + t);
      }
      scheduleNext();
    }

    @Override
    public void onCompleted() {
      synchronized (SimulatedNodeManager.this) {
        stream = null;
      }
    }
  }

  private synchronized void scheduleNext() {
    inFlight = false;
    if (next != null) {
      next.cancel(false); // one timer at a time: a stream's end may come after the next heartbeat was scheduled
    }
    if (running) {
      next = timer.schedule(this::heartbeat, wanted ? 0 : interval.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private NodeHeartbeatRequest heartbeatRequest(int lastResponseId, boolean ask) {
    NodeStatus.Builder status = NodeStatus.newBuilder().setNodeId(id.toString()).setResponseId(lastResponseId)
        .setNodeHealthStatus(health())
        // No process runs here and no host is measured: the wire's "nothing measured" (all zero).
        .setContainersUtilization(Resources.toProto(ResourceUtilization.NONE))
        .setNodeUtilization(Resources.toProto(ResourceUtilization.NONE));
    containers.values().forEach(c -> status.addContainerStatuses(status(c)));
    NodeHeartbeatRequest.Builder request = NodeHeartbeatRequest.newBuilder().setNodeStatus(status).setAnswerWanted(ask);
    containerKeys.current().ifPresent(k -> request.setLastKnownContainerTokenMasterKey(
        MasterKey.newBuilder().setKeyId(k.keyId())));
    nmTokenKeys.current().ifPresent(k -> request.setLastKnownNmTokenMasterKey(MasterKey.newBuilder().setKeyId(k.keyId())));
    return request.build();
  }

  private void apply(NodeHeartbeatResponse response) {
    synchronized (this) {
      responseId = response.getResponseId();
    }
    updateKey(containerKeys, response.getContainerTokenMasterKey());
    updateKey(nmTokenKeys, response.getNmTokenMasterKey());
    if (response.getNextHeartbeatIntervalMs() > 0) {
      interval = Duration.ofMillis(response.getNextHeartbeatIntervalMs());
    }
    for (String container : response.getContainersToCleanupList()) {
      end(ContainerId.parse(container), ExitStatus.KILLED_BY_RESOURCEMANAGER, "Container killed by the ResourceManager");
    }
    for (String app : response.getApplicationsToCleanupList()) {
      ApplicationId application = ApplicationId.parse(app);
      containers.keySet().stream().filter(c -> c.applicationId().equals(application)).toList()
          .forEach(c -> end(c, ExitStatus.KILLED_AFTER_APP_COMPLETION, "Container killed after the application completed"));
    }
    for (String container : response.getContainersToBeRemovedFromNmList()) {
      containers.computeIfPresent(ContainerId.parse(container), (c, held) -> held.complete() ? null : held);
    }
    switch (response.getNodeAction()) {
      case RESYNC -> resync();
      case SHUTDOWN -> {
        System.err.println(id + ": the RM ordered a shut-down: " + response.getDiagnosticsMessage());
        stop();
      }
      default -> { }
    }
  }

  /** A restarted RM that does not know this node: register again with every container (off the callback thread). */
  private void resync() {
    Futures.addCallback(tracker.withDeadlineAfter(30, TimeUnit.SECONDS).registerNodeManager(registration()),
        new FutureCallback<RegisterNodeManagerResponse>() {
          @Override
          public void onSuccess(RegisterNodeManagerResponse response) {
            registered(response);
          }

          @Override
          public void onFailure(Throwable t) {
            System.err.println(id + ": registering again failed: " + t);
          }
        }, MoreExecutors.directExecutor());
  }

  /** A verified container is started: it runs until stopped. */
  void started(ContainerGrant grant) {
    containers.putIfAbsent(grant.containerId(), new Held(grant, false, ExitStatus.INVALID, ""));
    heartbeatSoon();
  }

  /** Whether this node holds {@code container} (running or completed, not yet recorded). */
  boolean holds(ContainerId container) {
    return containers.containsKey(container);
  }

  /** Ends {@code container} if it runs here; a completed one keeps its first end. */
  void end(ContainerId container, int exitStatus, String diagnostics) {
    Held before = containers.computeIfPresent(container,
        (c, held) -> held.complete() ? held : new Held(held.grant(), true, exitStatus, diagnostics));
    if (before != null) {
      heartbeatSoon();
    }
  }

  /** The status of the containers of {@code ids} this node holds, for GetContainerStatuses. */
  List<ContainerStatus> statuses(List<ContainerId> ids) {
    List<ContainerStatus> out = new ArrayList<>();
    ids.forEach(i -> {
      Held held = containers.get(i);
      if (held != null) {
        out.add(status(held));
      }
    });
    return out;
  }

  private static ContainerStatus status(Held held) {
    ContainerGrant grant = held.grant();
    return ContainerStatus.newBuilder().setContainerId(grant.containerId().toString())
        .setState(held.complete() ? ContainerState.CONTAINER_COMPLETE : ContainerState.CONTAINER_RUNNING)
        .setExitStatus(held.exitStatus()).setDiagnostics(held.diagnostics())
        .setCapability(Resources.toProto(grant.resource())).setPriority(grant.priority())
        .setCreationTimeMs(grant.created().toEpochMilli()).setAllocationRequestId(grant.allocationRequestId())
        .build();
  }

  private NodeHealthStatus health() {
    return NodeHealthStatus.newBuilder().setIsNodeHealthy(true).setHealthReport("")
        .setLastHealthReportTimeMs(clock.millis()).build();
  }

  private static void updateKey(SharedMasterKeys keys, MasterKey key) {
    if (!key.getBytes().isEmpty()) {
      keys.update(new io.weft.common.security.MasterKey(key.getKeyId(), key.getBytes().toByteArray()));
    }
  }
}
