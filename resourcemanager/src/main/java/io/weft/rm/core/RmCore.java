package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ContainerSignal;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.rm.app.LogAggregationReports;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.app.AttemptReport;
import io.weft.rm.app.FinalStatus;
import io.weft.rm.container.ContainerView;
import io.weft.rm.node.NodeHosts;
import io.weft.rm.node.NodeReport;
import io.weft.rm.node.NodeState;
import io.weft.rm.queue.QueueSpec;
import io.weft.rm.queue.QueueView;
import io.weft.rm.queue.Queues;
import io.weft.rm.scheduler.CapacityScheduler;
import io.weft.rm.node.NodeLabels;
import io.weft.rm.store.RecoveredState;
import io.weft.rm.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The RM core's front door. Every command is handed to the single core loop and answered through a
 * future; nothing here blocks a caller's thread. The loop runs commands in batches and ends each
 * with one scheduling pass (when demand or capacity changed) and a published {@link CoreSnapshot};
 * reads (reports, listings, metrics, queues) are answered from the latest snapshot on the caller's
 * thread and never wait for the loop.
 */
public final class RmCore implements AutoCloseable {
  private final RmSettings settings;
  private final EventLoop loop;
  private final Snapshots snapshots;
  /** Where the RPC layer builds its replies to Allocate calls (see {@link #replyExecutor()}). */
  private final java.util.concurrent.ExecutorService replies;
  private final ClusterState state;
  private final Applications applications;
  private final AppUpdates appUpdates;
  private final SignalRequests signals;
  private final AmProtocol amProtocol;
  private final Nodes nodes;
  private final Decommissioning decommissioning;
  private final SchedulingCycle scheduling;
  private final Reports reports;
  private final Recovery recovery;
  private final StoreWrites storeWrites;
  private final NodeLabelling labelling;
  private final Clock clock;
  /**
   * How long a heartbeat waits for others to share the core's wake-up with ({@link EventLoop#callSoon}): small
   * beside the heartbeat interval (1 s by default), and at 10,000 nodes enough for about 11 to come together.
   * 2 ms saved a little more CPU at 10,000 nodes but nearly doubled the heartbeat p99 there; 1 ms raised it by
   * about a fifth (README, issue 17).
   */
  private static final Duration HEARTBEAT_LINGER = Duration.ofMillis(1);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "rm-scheduler-timer");
    t.setDaemon(true);
    return t;
  });
  private final LogAggregationReports logAggregation = new LogAggregationReports();
  private boolean schedulePending;
  /** The earliest instant a pass is due for a wait that ends (locality, gang timeout, preemption grace). */
  private Instant wakeup;

  public RmCore(RmSettings settings, Clock clock, StateStore store, NodeClient nodeClient,
      CapacityScheduler scheduler, QueueSpec queues, long clusterTimestamp) {
    this(settings, clock, store, nodeClient, scheduler, queues, clusterTimestamp, 0);
  }

  /** A core for run {@code epoch} of the RM on {@code store} (0 = its first run, or no recovery). */
  public RmCore(RmSettings settings, Clock clock, StateStore store, NodeClient nodeClient,
      CapacityScheduler scheduler, QueueSpec queues, long clusterTimestamp, int epoch) {
    this.settings = requireNonNull(settings);
    this.clock = requireNonNull(clock);
    this.loop = new EventLoop("rm-core", this::endOfBatch);
    this.replies = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
      Thread t = new Thread(r, "rm-replies");
      t.setDaemon(true);
      return t;
    });
    this.state = new ClusterState(settings, scheduler.settings(), clock, nodeClient, clusterTimestamp, epoch,
        new Queues(queues));
    this.storeWrites = new StoreWrites(state, store);
    this.labelling = new NodeLabelling(state, store, this::requestSchedule);
    this.applications = new Applications(state, storeWrites, nodeClient, labelling, loop, this::requestSchedule);
    this.appUpdates = new AppUpdates(state, storeWrites, applications, this::requestSchedule);
    this.signals = new SignalRequests(state);
    this.recovery = new Recovery(state, applications);
    this.scheduling = new SchedulingCycle(state, scheduler, applications, this::wakeAt);
    this.amProtocol = new AmProtocol(state, applications, labelling, this::requestSchedule);
    this.nodes = new Nodes(state, applications, recovery, this::requestSchedule);
    this.decommissioning = new Decommissioning(state, nodes);
    this.snapshots = new Snapshots(state);
    this.reports = new Reports(snapshots, loop, clock, scheduler.settings().preemption());
  }

  public RmSettings settings() {
    return settings;
  }

  /** What the NodeManagers report of applications' log aggregation (not core state: read and written by any thread). */
  public LogAggregationReports logAggregation() {
    return logAggregation;
  }

  public long clusterTimestamp() {
    return state.clusterTimestamp;
  }

  /** Coalesces requests: one pass at the end of the batch answers every command in it. Called on the loop. */
  private void requestSchedule() {
    schedulePending = true;
  }

  /**
   * Ends a batch on the loop: the one pass the batch asked for, the Allocate answers that waited for
   * it, then the snapshot readers see. A pass that asks for another (it freed or placed something
   * that changes what others can get) gets it in a batch of its own, after what arrived meanwhile.
   */
  private void endOfBatch() {
    if (schedulePending) {
      schedulePending = false;
      scheduling.run();
      if (schedulePending) {
        loop.execute(() -> { }); // an empty batch, which ends with the pass asked for
      }
    }
    amProtocol.answerAfterPass();
    snapshots.publish();
  }

  /**
   * The largest container granted now, read from the latest snapshot: the configured maximum, with each
   * resource type of {@code weft.resource-types} capped by the most any active node has (see MaximumAllocation).
   */
  public Resource maximumAllocation() {
    CoreSnapshot latest = snapshots.latest();
    return MaximumAllocation.of(settings, each -> latest.nodes().forEach(node -> {
      if (node.state().isActive()) {
        each.accept(node.capability());
      }
    }));
  }

  /** The latest snapshot (tests look at it). */
  CoreSnapshot snapshot() {
    return snapshots.latest();
  }

  /** Runs {@code command} on the core loop, in a batch of its own or with others (tests). */
  <T> CompletableFuture<T> onLoop(java.util.function.Supplier<T> command) {
    return loop.call(command);
  }

  /** Test hook: {@code look} runs on the loop after every command inside a batch (null removes it). */
  CompletableFuture<Void> betweenCommands(Runnable look) {
    return loop.call(() -> {
      loop.betweenCommands(look);
      return null;
    });
  }

  /** The queue usage the core keeps up to date, and the same summed afresh (tests compare them). */
  CompletableFuture<java.util.Map.Entry<io.weft.rm.queue.QueueUsage, io.weft.rm.queue.QueueUsage>> queueUsages() {
    return loop.call(() -> java.util.Map.entry(state.queueUsage(), state.queueUsageRecomputed()));
  }

  /** Answers a read from the latest snapshot on the caller's thread; a failure fails the future. */
  private static <T> CompletableFuture<T> read(java.util.function.Supplier<T> query) {
    try {
      return CompletableFuture.completedFuture(query.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Arranges a pass at {@code when}: a timer hands it to the loop, so waits end without polling.
   * Called on the loop.
   */
  private void wakeAt(Instant when) {
    if (wakeup != null && !when.isBefore(wakeup)) {
      return;
    }
    wakeup = when;
    long delayMs = Math.max(0, Duration.between(clock.instant(), when).toMillis());
    try {
      timer.schedule(() -> loop.execute(this::timerFired), delayMs + 1, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  /** Runs the pass a wake-up asked for, or re-arms the timer when the clock has not got there yet. */
  private void timerFired() {
    if (wakeup != null && clock.instant().isBefore(wakeup)) {
      Instant due = wakeup;
      wakeup = null;
      wakeAt(due);
      return;
    }
    runWakeupIfDue();
  }

  private void runWakeupIfDue() {
    if (wakeup != null && !clock.instant().isBefore(wakeup)) {
      wakeup = null;
      scheduling.run();
    }
  }

  /**
   * Brings back what the state store kept (before the RM serves): ended applications as they
   * ended, active ones waiting for their NodeManagers to report their containers and their AMs to
   * resync. Completes with how many applications came back.
   */
  public CompletableFuture<Integer> recover(RecoveredState saved) {
    return loop.call(() -> {
      recovery.recover(saved);
      return recovery.recoveredApplications();
    });
  }

  /** Applies the node labels the store kept (before the RM serves). */
  public CompletableFuture<Void> restoreNodeLabels(NodeLabels saved) {
    return loop.call(() -> {
      labelling.restore(saved);
      return null;
    });
  }

  /** {@code rmadmin -addToClusterNodeLabels}: completes with the labels in force once they are saved. */
  public CompletableFuture<NodeLabels> addNodeLabels(List<NodeLabels.Label> labels) {
    return loop.call(() -> labelling.add(labels)).thenCompose(f -> f);
  }

  /** {@code rmadmin -removeFromClusterNodeLabels}. */
  public CompletableFuture<NodeLabels> removeNodeLabels(List<String> names) {
    return loop.call(() -> labelling.remove(names)).thenCompose(f -> f);
  }

  /** {@code rmadmin -replaceLabelsOnNode}: node name (host or host:port) to its labels (none or one). */
  public CompletableFuture<NodeLabels> replaceNodeLabels(java.util.Map<String, Set<String>> byNode) {
    return loop.call(() -> labelling.replace(byNode)).thenCompose(f -> f);
  }

  /** The cluster's node labels and node mappings now. */
  public CompletableFuture<NodeLabels> nodeLabels() {
    return loop.call(state::labels);
  }

  /** What REST's cluster info says of the store and of recovery. */
  public record StoreInfo(String storeName, int epoch, int recoveredApplications) {}

  public CompletableFuture<StoreInfo> storeInfo() {
    return loop.call(() -> new StoreInfo(storeWrites.storeName(), state.epoch, recovery.recoveredApplications()));
  }

  /** The rack a node is in (from configuration). */
  public String rackOf(NodeId node) {
    return state.racks.rackOf(node);
  }

  // ---- clients

  public CompletableFuture<ApplicationId> newApplication() {
    return loop.call(applications::newApplication);
  }

  /**
   * Validates and submits: the AM resource is normalized up to the minimum allocation and refused
   * above the maximum; max attempts default to, and are capped by, the cluster's. An unmanaged AM
   * holds no AM resource and gets one attempt. Completes once
   * the submission is in the state store.
   */
  public CompletableFuture<Void> submit(ApplicationSubmission submission) {
    Resource normalized = Resource.NONE;
    int attempts = 1;
    if (!submission.unmanagedAm()) {
      Resource am = submission.amResource();
      settings.resourceTypes().requireKnown("AM container", am);
      Resource maximum = maximumAllocation();
      am.requireValidRequest("AM container", maximum);
      normalized = am.normalizeUp(settings.minimumAllocation());
      normalized.requireValidRequest("AM container (normalized to the minimum allocation)", maximum);
      int requested = submission.maxAttempts();
      attempts = requested <= 0 ? settings.maxAppAttempts() : Math.min(requested, settings.maxAppAttempts());
    }
    ApplicationSubmission valid = new ApplicationSubmission(submission.id(), submission.name(), submission.queue(),
        submission.user(), submission.type(), submission.tags(), submission.priority(), normalized, attempts,
        submission.amLaunchContext(), submission.keepContainersAcrossAttempts(), submission.lifetime(),
        submission.unmanagedAm(), submission.amNodeLabelExpression(), submission.nodeLabelExpression(),
        submission.amResourceName());
    return loop.call(() -> applications.submit(valid)).thenCompose(loop::afterBatch);
  }

  /**
   * Moves an active application to leaf queue {@code queue}, which must be RUNNING, allow the
   * application's user to submit and have room under its maximum-applications. {@code user} must
   * own the application or administer its queue.
   */
  public CompletableFuture<AppReport> moveApplication(ApplicationId id, String queue, String user) {
    return loop.call(() -> {
      AppReport report = applications.move(id, queue, user);
      requestSchedule();
      return report;
    });
  }

  /**
   * Sets an active application's priority for {@code user} (its owner or an administrator of its queue): within
   * its queue the scheduler serves higher priorities first. Saved with the submission.
   */
  public CompletableFuture<AppReport> updatePriority(ApplicationId id, int priority, String user) {
    return loop.call(() -> appUpdates.updatePriority(id, priority, user));
  }

  /**
   * Makes an active application's lifetime end {@code lifetime} from now, for {@code user} (its owner or an
   * administrator of its queue); past it the RM kills the application. Saved with the submission.
   */
  public CompletableFuture<AppReport> updateLifetime(ApplicationId id, Duration lifetime, String user) {
    return loop.call(() -> appUpdates.updateLifetime(id, lifetime, user));
  }

  /**
   * Queues {@code signal} for running container {@code id}, for {@code user} (who may kill its application); its
   * NodeManager sends it when its next heartbeat is answered. Completes with the container's node.
   */
  public CompletableFuture<NodeId> signalContainer(ContainerId id, ContainerSignal signal, String user) {
    return loop.call(() -> signals.signal(id, signal, user));
  }

  /** A report of queue {@code name} (short name or path; blank = root), with its subtree if asked. */
  public CompletableFuture<QueueView> queue(String name, boolean withChildren) {
    return read(() -> reports.queue(name, withChildren));
  }

  /**
   * Swaps in a new (already validated) queue tree unless it drops a queue that is not STOPPED
   * and empty; on refusal the running tree stays. Completes with the new root's report.
   */
  public CompletableFuture<QueueView> refreshQueues(QueueSpec next) {
    return loop.call(() -> {
      var usage = state.queueUsage();
      state.queues.replace(next, usage::apps);
      requestSchedule();
      return state.queues.view("", true, state.partitions(), state.queueUsage(), state.schedulerSettings.preemption());
    });
  }

  /**
   * Kills for {@code user}, who must own the application or administer its queue; completes with
   * the final report once the application is KILLED (or already had ended).
   */
  public CompletableFuture<AppReport> kill(ApplicationId id, String diagnostics, String user) {
    return loop.call(() -> applications.kill(id, diagnostics, user)).thenCompose(loop::afterBatch);
  }

  public CompletableFuture<AppReport> report(ApplicationId id) {
    return read(() -> reports.application(id));
  }

  public CompletableFuture<List<AppReport>> applications(AppFilter filter) {
    return read(() -> reports.applications(filter));
  }

  public CompletableFuture<List<AttemptReport>> attempts(ApplicationId id) {
    return read(() -> reports.attempts(id));
  }

  public CompletableFuture<List<ContainerView>> containers(ApplicationAttemptId id) {
    return read(() -> reports.containers(id));
  }

  public CompletableFuture<List<NodeReport>> nodes(Set<NodeState> states) {
    return read(() -> reports.nodes(states));
  }

  /** Memory·seconds and vcore·seconds of every application that has held a container (read-only). */
  public CompletableFuture<java.util.Map<ApplicationId, ResourceSeconds>> resourceSeconds() {
    return read(reports::resourceSeconds);
  }

  /** Per application: queue path, resource·seconds, preemption and usage shares (read-only). */
  public CompletableFuture<java.util.Map<ApplicationId, AppUsage>> appUsage() {
    return read(reports::appUsage);
  }

  public CompletableFuture<ClusterMetricsView> metrics() {
    return read(reports::metrics);
  }

  /**
   * Sends {@code watcher} the current report, then one per state change until a final state; all
   * calls come from the core loop. Completes with a handle that stops the watch.
   */
  public CompletableFuture<Runnable> watch(ApplicationId id, Consumer<AppReport> watcher) {
    return loop.call(() -> {
      var app = state.app(id).orElseThrow(() -> WeftException.notFound("application " + id + " is not known"));
      app.watch(watcher);
      return () -> loop.execute(() -> app.unwatch(watcher));
    });
  }

  // ---- application masters

  /** Registers an AM; answers the maximum allocation and the containers kept from earlier attempts. */
  public CompletableFuture<Registration> registerAm(ApplicationAttemptId id, String host, int rpcPort,
      String trackingUrl) {
    return loop.call(() -> amProtocol.register(id, host, rpcPort, trackingUrl));
  }

  /**
   * Applies asks and releases and answers what is new. With nothing new and {@code maxWait} > 0
   * the answer waits (no thread held) until a container is allocated or completed for the attempt,
   * or until min(maxWait, the configured cap) has passed. The future completes on the core's thread:
   * a caller that builds a reply from it does so on {@link #replyExecutor()}, never in a plain
   * {@code thenApply}, which would run on the core. In-process callers pay no thread hop this way.
   */
  public CompletableFuture<AllocateResult> allocate(AllocateCall call, Duration maxWait) {
    return allocate(call, maxWait, Duration.ZERO);
  }

  /**
   * As {@link #allocate(AllocateCall, Duration)}, the call waiting up to {@code linger} for others to share its
   * batch and scheduling pass with (an AM's call over the wire, where many AMs call independently).
   */
  public CompletableFuture<AllocateResult> allocate(AllocateCall call, Duration maxWait, Duration linger) {
    Duration wait = maxWait.compareTo(settings.allocateMaxWait()) > 0 ? settings.allocateMaxWait() : maxWait;
    boolean mayWait = wait.toMillis() > 0;
    CompletableFuture<AllocateOutcome> applied =
        loop.callSoon(linger, () -> amProtocol.allocate(call, mayWait)).thenCompose(f -> f);
    return applied.thenCompose(outcome -> {
      if (outcome instanceof AllocateOutcome.Ready ready) {
        return CompletableFuture.completedFuture(ready.result());
      }
      AllocateOutcome.Waiting waiting = (AllocateOutcome.Waiting) outcome;
      waiting.news().completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
          .thenRun(() -> loop.execute(() -> amProtocol.build(call.attemptId(), waiting.answer())));
      return waiting.answer().result();
    });
  }

  /** Where the RPC layer builds and serializes the replies to the core's answers, off the core's thread. */
  public java.util.concurrent.Executor replyExecutor() {
    return replies;
  }

  /** Unregisters an AM; completes once the outcome is saved. */
  public CompletableFuture<Void> finishAm(ApplicationAttemptId id, FinalStatus status, String diagnostics,
      String trackingUrl) {
    return loop.call(() -> amProtocol.finish(id, status, diagnostics, trackingUrl)).thenCompose(loop::afterBatch);
  }

  // ---- node managers

  /** Registers a node; completes with why it is refused (the hosts lists exclude it), or empty. */
  public CompletableFuture<Optional<String>> registerNode(NodeRegistration registration) {
    return loop.call(() -> nodes.register(registration));
  }

  /**
   * Completes on the core's thread, as {@link #allocate} does. A heartbeat can wait a moment: it is applied
   * with the next batch, at the latest about {@link #HEARTBEAT_LINGER} after it came, so that the heartbeats of a
   * large cluster share the core's wake-ups.
   */
  public CompletableFuture<HeartbeatAnswer> heartbeat(NodeHeartbeat heartbeat) {
    return loop.callSoon(HEARTBEAT_LINGER, () -> {
      HeartbeatAnswer answer = nodes.heartbeat(heartbeat);
      var node = state.node(heartbeat.nodeId());
      if (node != null) {
        decommissioning.checkDrained(node);
      }
      return answer;
    });
  }

  /**
   * Puts new hosts lists in force: the nodes they exclude are decommissioned, at once or, with
   * {@code graceful}, after draining for at most {@code timeout} (null = for as long as their
   * containers run); a draining node no longer excluded runs again. Completes with the reports of
   * the nodes that moved.
   */
  public CompletableFuture<List<NodeReport>> refreshNodes(NodeHosts hosts, boolean graceful,
      Duration timeout) {
    return loop.call(() -> decommissioning.refresh(hosts, new Decommissioning.Mode(graceful, timeout)));
  }

  public CompletableFuture<Void> unregisterNode(NodeId id) {
    return loop.call(() -> {
      nodes.unregister(id);
      return null;
    });
  }

  /** How many applications and container records the RM holds in memory. */
  public record RetainedRecords(int applications, int containers) {}

  public CompletableFuture<RetainedRecords> retainedRecords() {
    return read(reports::retained);
  }

  /**
   * Time-driven checks (node liveness and staleness, draining and gone nodes, lingering AMs, a due
   * scheduling wake-up) against the injected clock.
   */
  public CompletableFuture<Void> tick() {
    return loop.call(() -> {
      nodes.checkLiveness();
      nodes.checkStaleness();
      decommissioning.checkDraining();
      nodes.pruneInactive();
      recovery.checkAwaitingAm();
      applications.expireUnstartedContainers();
      applications.checkFinishingTimeouts();
      applications.expireSilentUnmanagedAms();
      appUpdates.checkLifetimes();
      runWakeupIfDue();
      return null;
    });
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      // Queued before the loop shuts down, so it runs after everything already queued.
      loop.execute(() -> state.allocateAnswers.failOpen(WeftException.unavailable(
          "the ResourceManager stopped serving (it stepped down to standby or is shutting down); retry at the "
              + "active ResourceManager")));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed already
    }
    loop.close();
    replies.shutdown();
  }
}
