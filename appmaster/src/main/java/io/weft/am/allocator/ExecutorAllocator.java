package io.weft.am.allocator;

import io.weft.common.launch.ExitStatus;
import io.weft.common.launch.JvmContainer;
import static java.util.Objects.requireNonNull;

import io.weft.am.launch.ExecutorLaunch;
import io.weft.am.rpc.NodeManagerClient;
import io.weft.am.rpc.ResourceManagerClient;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Keeps {@code numExecutors} executor containers alive. A loop long-polls Allocate, always sending
 * the outstanding total (wanted minus live) as its ask, launches what it is granted on the NMs (on a
 * separate pool, so the loop keeps polling), releases grants beyond what is wanted, and reports
 * containers that end. Failed launches and crashed executors are replaced until
 * {@code maxFailures} of them have failed; then the allocator gives up and says so.
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
  }

  /** The executors wanted and how to ask for them. */
  public record Settings(int numExecutors, long executorMemoryMb, int executorCores, int maxFailures,
      Duration maxWait) {
    /** Heap plus overhead of max(384 MB, 10%), and the cores. */
    public Resource containerResource() {
      return JvmContainer.resourceFor(executorMemoryMb, executorCores);
    }
  }

  private record Live(String executorId, AllocatedContainer container) {}

  private final Settings settings;
  private final ResourceManagerClient rm;
  private final NodeManagerClient nm;
  private final Function<String, ExecutorLaunch> launches;
  private final Listener listener;
  private final ExecutorService launcher;
  private final Thread loop;

  private final Map<ContainerId, Live> live = new LinkedHashMap<>();
  private final List<ContainerId> toRelease = new ArrayList<>();
  private final java.util.Set<String> killRequested = new java.util.HashSet<>();
  private int target;
  private int failures;
  private int nextExecutorId = 1;
  private boolean running;
  private int responseId;

  /** {@code launches} builds the launch context of the executor with the given id. */
  public ExecutorAllocator(Settings settings, ResourceManagerClient rm, NodeManagerClient nm,
      Function<String, ExecutorLaunch> launches, Listener listener) {
    this.settings = requireNonNull(settings);
    this.rm = requireNonNull(rm);
    this.nm = requireNonNull(nm);
    this.launches = requireNonNull(launches);
    this.listener = requireNonNull(listener);
    this.target = settings.numExecutors();
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
  public synchronized void setTarget(int total) {
    if (total < 0) {
      throw new IllegalArgumentException("executor target must not be negative, got " + total);
    }
    LOG.info("executor target {} -> {}", target, total);
    target = total;
    notifyAll();
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
    rm.cancelPendingAllocates();
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
   * Long-polls Allocate until closed. The RM client rides out an RM it cannot reach (retrying as the
   * policy says) and registers again when told to resync; an error reaching this loop is final: the
   * RM refused the attempt, or stayed unreachable for the whole max wait.
   */
  private void runLoop() {
    while (isRunning()) {
      AllocateCall call = nextCall();
      AllocateAnswer answer;
      try {
        answer = rm.allocate(call);
      } catch (WeftException e) {
        requeueReleases(call.releases());
        if (isRunning()) {
          listener.shutdownRequested("the ResourceManager refused or failed Allocate: " + e.getMessage());
        }
        return;
      }
      if (answer.command() == AmCommand.SHUTDOWN) {
        listener.shutdownRequested("the ResourceManager ordered the ApplicationMaster to shut down");
        return;
      }
      if (answer.command() == AmCommand.RESYNC) {
        // Registered again by the RM client. The RM did not act on this call: send its releases again;
        // the ask is the outstanding total, so the next call re-sends it whole. Live executors stay ours.
        requeueReleases(call.releases());
        responseId = 0;
        continue;
      }
      responseId = answer.responseId();
      answer.allocated().forEach(this::onAllocated);
      answer.completed().forEach(this::onCompleted);
      if (!answer.waitingReason().isEmpty()) {
        LOG.debug("waiting for executors: {}", answer.waitingReason());
      }
    }
  }

  private synchronized AllocateCall nextCall() {
    int outstanding = Math.max(0, target - live.size());
    List<ContainerId> releases = List.copyOf(toRelease);
    toRelease.clear();
    ContainerAsk ask = new ContainerAsk(PRIORITY, "*", settings.containerResource(), outstanding, true);
    return new AllocateCall(responseId, List.of(ask), releases, settings.maxWait(), 0.1f);
  }

  private synchronized void requeueReleases(List<ContainerId> releases) {
    toRelease.addAll(releases);
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
      counts = gone != null && !requested && !ExitStatus.isBenign(completed.exitStatus()) && target > 0;
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
      countFailure("executor " + gone.executorId() + ": " + reason);
    }
  }

  private void countFailure(String what) {
    String failure = null;
    synchronized (this) {
      failures++;
      if (failures >= settings.maxFailures() && target > 0) {
        target = 0;
        failure = "max number of executor failures (" + settings.maxFailures() + ") reached; last: " + what;
      }
    }
    if (failure != null) {
      LOG.error(failure);
      listener.allocationFailed(failure);
    }
  }
}
