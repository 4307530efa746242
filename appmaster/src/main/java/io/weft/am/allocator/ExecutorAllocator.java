package io.weft.am.allocator;

import static java.util.Objects.requireNonNull;

import io.weft.am.client.AllocateResponse;
import io.weft.am.launch.ExecutorLaunch;
import io.weft.am.rpc.AllocateSession;
import io.weft.am.rpc.NodeManagerClient;
import io.weft.am.rpc.ResourceManagerClient;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.launch.JvmContainer;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Keeps {@code numExecutors} executor containers alive. A loop long-polls Allocate, always sending
 * the outstanding total (wanted minus live) as its ask, launches what it is granted on the NMs (on a
 * separate pool, so the loop keeps polling), releases grants beyond what is wanted, and reports
 * containers that end. Failed launches and crashed executors are replaced until
 * {@code maxFailures} of them have failed (as {@link ExecutorFailures} counts them); then the
 * allocator gives up and says so. Nodes where launches (or executors) fail are excluded through
 * the Allocate blacklist ({@link NodeExclusion}).
 */
public final class ExecutorAllocator implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();
  public static final int PRIORITY = 1;

  /** What happens to the executors, for the AM. Called outside the allocator's lock. */
  public interface Listener {
    void executorLost(String executorId, String reason);

    /** The executor's container was started on its node. */
    default void executorStarted(String executorId, AllocatedContainer container) {}

    /** The executor's container ended; by default reported as {@link #executorLost}. */
    default void executorEnded(ExecutorEnd end) {
      executorLost(end.executorId(), end.reason());
    }

    /** Too many executors failed; no more will be requested. */
    void allocationFailed(String reason);

    /** The RM ordered a shutdown or cannot be reached; the allocator loop has ended. */
    void shutdownRequested(String reason);

    /** The nodes excluded for the application changed; {@code now} is all of them. */
    default void exclusionsChanged(List<NodeExclusion.Excluded> now) {}
  }

  /**
   * The executors wanted and how to ask for them.
   *
   * @param failuresValidity executor failures older than this are forgotten; non-positive = never
   * @param otherResources each executor's amount of the cluster's other resource types ({@code gpu})
   * @param nodeLabelExpression the node label executors run on; empty = the default partition
   */
  public record Settings(int numExecutors, long executorMemoryMb, int executorCores, int maxFailures,
      Duration maxWait, Duration failuresValidity, NodeExclusion.Settings exclusion, Map<String, Long> otherResources,
      String nodeLabelExpression) {
    public Settings(int numExecutors, long executorMemoryMb, int executorCores, int maxFailures, Duration maxWait) {
      this(numExecutors, executorMemoryMb, executorCores, maxFailures, maxWait, Duration.ZERO,
          NodeExclusion.Settings.DEFAULTS, Map.of(), "");
    }

    public Settings {
      otherResources = Map.copyOf(otherResources);
      nodeLabelExpression = nodeLabelExpression == null ? "" : nodeLabelExpression.strip();
    }

    /** Heap plus overhead of max(384 MB, 10%), the cores, and the other types (weft.executor.resource.*.amount). */
    public Resource containerResource() {
      Resource jvm = JvmContainer.resourceFor(executorMemoryMb, executorCores);
      return new Resource(jvm.memoryMb(), jvm.vcores(), otherResources);
    }
  }

  private record Live(String executorId, AllocatedContainer container) {}

  private final Settings settings;
  private final ResourceManagerClient rm;
  private final NodeManagerClient nm;
  private final Function<String, ExecutorLaunch> launches;
  private final Listener listener;
  private final Supplier<Float> progress;
  private final ExecutorService launcher;
  private final Thread loop;

  private final Map<ContainerId, Live> live = new LinkedHashMap<>();
  private final List<ContainerId> toRelease = new ArrayList<>();
  private final java.util.Set<String> killRequested = new java.util.HashSet<>();
  private final ExecutorFailures failures;
  private final NodeExclusion exclusion;
  private int clusterNodes;
  private int target;
  private int nextExecutorId = 1;
  private boolean running;
  private final AllocateSession session;

  /** An allocator whose application reports no progress (0 until it ends). */
  public ExecutorAllocator(Settings settings, ResourceManagerClient rm, NodeManagerClient nm,
      Function<String, ExecutorLaunch> launches, Listener listener) {
    this(settings, rm, nm, launches, listener, () -> 0f);
  }

  /**
   * {@code launches} builds the launch context of the executor with the given id; {@code progress}
   * is the application's progress in [0, 1], sent to the RM with every Allocate.
   */
  public ExecutorAllocator(Settings settings, ResourceManagerClient rm, NodeManagerClient nm,
      Function<String, ExecutorLaunch> launches, Listener listener, Supplier<Float> progress) {
    this.settings = requireNonNull(settings);
    this.progress = requireNonNull(progress);
    this.rm = requireNonNull(rm);
    this.nm = requireNonNull(nm);
    this.launches = requireNonNull(launches);
    this.listener = requireNonNull(listener);
    this.target = settings.numExecutors();
    this.failures = new ExecutorFailures(settings.maxFailures(), settings.failuresValidity(), Clock.systemUTC());
    this.exclusion = new NodeExclusion(settings.exclusion(), Clock.systemUTC());
    this.session = new AllocateSession(rm, new OutstandingAsk());
    this.launcher = Executors.newFixedThreadPool(2, r -> new Thread(r, "am-launcher"));
    this.loop = new Thread(this::runLoop, "am-allocator");
    this.loop.setDaemon(true);
  }

  @Override
  public synchronized void start() {
    if (running || loop.isAlive()) {
      return;
    }
    running = true;
    LOG.info("asking for {} executor container(s) of {}", target, settings.containerResource());
    loop.start();
  }

  /** Wants no more executors (the driver stopped); live ones are stopped by {@link #close}. */
  public synchronized void stopAsking() {
    target = 0;
  }

  /** The absolute number of executors wanted from now on (client mode: as the driver asks). */
  public void setTarget(int total) {
    if (total < 0) {
      throw new IllegalArgumentException("executor target must not be negative, got " + total);
    }
    synchronized (this) {
      if (total == target) {
        return;
      }
      LOG.info("executor target {} -> {} ({} live)", target, total, live.size());
      target = total;
      notifyAll();
    }
    // the call in flight carries the old ask (a long poll can hold it for the max wait): end it, so the
    // new outstanding total, larger or smaller, reaches the RM now
    session.cancel();
  }

  /** Stops the containers of {@code executorIds} (the driver asked), lowering the target by as many. */
  public void kill(List<String> executorIds) {
    Map<NodeId, List<ContainerId>> byNode = new LinkedHashMap<>();
    synchronized (this) {
      for (Live executor : live.values()) {
        if (executorIds.contains(executor.executorId()) && killRequested.add(executor.executorId())) {
          byNode.computeIfAbsent(executor.container().nodeId(), n -> new ArrayList<>()).add(executor.container().id());
          target = Math.max(0, target - 1);
        }
      }
    }
    byNode.forEach((node, ids) -> {
      try {
        nm.stop(node, ids, ExitStatus.KILLED_BY_APPMASTER, "killed at the driver's request");
      } catch (WeftException e) {
        LOG.warn("cannot stop containers {} on {}: {}", ids, node, e.getMessage());
      }
    });
  }

  /** Executor id by container, of the executors launched or launching. */
  public synchronized Map<ContainerId, String> liveExecutors() {
    return live.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().executorId()));
  }

  /** Ends the loop and stops every live executor container through its NM. */
  @Override
  public void close() {
    Map<NodeId, List<ContainerId>> byNode;
    synchronized (this) {
      running = false;
      target = 0;
      notifyAll();
      byNode = live.values().stream().map(Live::container).collect(Collectors.groupingBy(
          AllocatedContainer::nodeId, LinkedHashMap::new, Collectors.mapping(AllocatedContainer::id,
              Collectors.toList())));
      live.clear();
    }
    session.cancel();
    byNode.forEach((node, ids) -> {
      try {
        nm.stop(node, ids, ExitStatus.KILLED_BY_APPMASTER, "stopped by the ApplicationMaster: application finished");
      } catch (WeftException e) {
        LOG.warn("cannot stop containers {} on {}: {}", ids, node, e.getMessage());
      }
    });
    try {
      launcher.shutdown();
      launcher.awaitTermination(30, TimeUnit.SECONDS);
      loop.join(settings.maxWait().plusSeconds(35).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized boolean isRunning() {
    return running;
  }

  /**
   * Long-polls Allocate until closed. The {@link AllocateSession} rides out an RM it cannot reach,
   * repeats a call whose answer was lost and registers again when told to resync; an error reaching
   * this loop is final: the RM refused the attempt, or stayed unreachable for the whole max wait.
   */
  private void runLoop() {
    while (isRunning()) {
      AllocateResponse answer;
      try {
        answer = session.allocate(progress.get(), settings.maxWait());
      } catch (WeftException e) {
        if (e.code() == WeftException.Code.CANCELLED && isRunning()) {
          continue; // a new target ended the poll (see setTarget); the next call sends it
        }
        if (isRunning()) {
          listener.shutdownRequested("the ResourceManager refused or failed Allocate: " + e.getMessage());
        }
        return;
      }
      if (answer.command() == AllocateResponse.Command.SHUTDOWN) {
        listener.shutdownRequested("the ResourceManager ordered the ApplicationMaster to shut down");
        return;
      }
      synchronized (this) {
        clusterNodes = answer.numClusterNodes();
      }
      answer.allocatedContainers().forEach(c -> onAllocated(new AllocatedContainer(c.id(), c.nodeId(), c.resource(),
          c.containerToken())));
      answer.completedContainers().forEach(s -> onCompleted(new CompletedContainer(s.containerId(), s.exitStatus(),
          s.diagnostics())));
      if (!answer.waitingReason().isEmpty()) {
        LOG.debug("waiting for executors: {}", answer.waitingReason());
      }
    }
  }

  /**
   * What the allocator asks for: always the outstanding total (wanted minus live), so a resync needs
   * nothing more for asks; releases and blacklist changes the RM did not act on are sent again.
   */
  private final class OutstandingAsk implements AllocateSession.Outstanding {
    @Override
    public AllocateSession.Request take() {
      NodeExclusion.Change blacklist;
      AllocateSession.Request request;
      synchronized (ExecutorAllocator.this) {
        int outstanding = Math.max(0, target - live.size());
        List<ContainerId> releases = List.copyOf(toRelease);
        toRelease.clear();
        blacklist = exclusion.next(clusterNodes);
        request = new AllocateSession.Request(
            List.of(new ContainerAsk(PRIORITY, "*", settings.containerResource(), outstanding, true, 0, 0,
                Duration.ZERO, false, settings.nodeLabelExpression())), releases,
            blacklist.additions(), blacklist.removals());
      }
      if (!blacklist.isEmpty()) {
        LOG.info("telling the ResourceManager: exclude nodes {}, no longer exclude {}", blacklist.additions(),
            blacklist.removals());
        listener.exclusionsChanged(exclusion.excluded());
      }
      return request;
    }

    @Override
    public void giveBack(AllocateSession.Request request) {
      synchronized (ExecutorAllocator.this) {
        toRelease.addAll(request.releases());
      }
      if (!request.blacklistAdditions().isEmpty() || !request.blacklistRemovals().isEmpty()) {
        exclusion.resend();
      }
    }

    @Override
    public void resendAll() {
      // The next call's ask is the whole outstanding total anyway; the restarted RM forgot the blacklist.
      exclusion.resend();
    }
  }

  private void onAllocated(AllocatedContainer container) {
    String executorId;
    synchronized (this) {
      if (live.size() >= target) {
        LOG.info("releasing container {} on {}: {} executor(s) wanted, {} live", container.id(),
            container.nodeId(), target, live.size());
        toRelease.add(container.id());
        return;
      }
      executorId = Integer.toString(nextExecutorId++);
      live.put(container.id(), new Live(executorId, container));
    }
    launcher.execute(() -> launch(executorId, container));
  }

  private void launch(String executorId, AllocatedContainer container) {
    synchronized (this) {
      if (!running || target == 0) { // the application is finishing: give the container back instead
        live.remove(container.id());
        toRelease.add(container.id());
        return;
      }
    }
    try {
      nm.start(container, launches.apply(executorId));
      LOG.info("launched executor {} in container {} on {}", executorId, container.id(), container.nodeId());
      listener.executorStarted(executorId, container);
    } catch (RuntimeException e) {
      LOG.warn("launch of executor {} in container {} on {} failed: {}", executorId, container.id(),
          container.nodeId(), e.getMessage());
      synchronized (this) {
        live.remove(container.id());
        toRelease.add(container.id());
      }
      exclusion.launchFailed(container.nodeId(), e.getMessage());
      listener.executorEnded(new ExecutorEnd(executorId, container.id().toString(), ExitStatus.INVALID, e.getMessage(),
          false, true, "launch in container " + container.id() + " failed: " + e.getMessage()));
      countFailure("launch of executor " + executorId + " in container " + container.id() + " failed: "
          + e.getMessage());
    }
  }

  private void onCompleted(CompletedContainer completed) {
    Live gone;
    boolean counts;
    boolean requested;
    synchronized (this) {
      gone = live.remove(completed.id());
      requested = gone != null && killRequested.remove(gone.executorId());
      counts = gone != null && !requested && ExecutorFailures.counts(completed.exitStatus()) && target > 0;
    }
    if (gone == null) {
      return;
    }
    String reason = "container " + completed.id() + " on " + gone.container().nodeId() + " exited with status "
        + completed.exitStatus() + (completed.diagnostics().isEmpty() ? "" : ": " + completed.diagnostics());
    LOG.info("executor {} ended: {}", gone.executorId(), reason);
    listener.executorEnded(new ExecutorEnd(gone.executorId(), completed.id().toString(), completed.exitStatus(),
        completed.diagnostics(), requested, false, reason));
    if (counts) {
      if (completed.exitStatus() == ExitStatus.INVALID) { // it never ran a process: the node could not launch it
        exclusion.launchFailed(gone.container().nodeId(), reason);
      } else {
        exclusion.executorFailed(gone.container().nodeId(), reason);
      }
      countFailure("executor " + gone.executorId() + ": " + reason);
    }
  }

  private void countFailure(String what) {
    String failure = null;
    boolean reached = failures.add();
    synchronized (this) {
      if (reached && target > 0) {
        target = 0;
        failure = "max number of executor failures (" + failures.describe() + ", weft.executor.maxFailures) reached; "
            + "last: " + what;
      }
    }
    if (failure != null) {
      LOG.error(failure);
      listener.allocationFailed(failure);
    }
  }
}
