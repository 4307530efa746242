package io.weft.rm.queue;

import static org.awaitility.Awaitility.await;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceTypes;
import io.weft.rm.app.AppReport;
import io.weft.rm.container.Allocation;
import io.weft.common.testing.MutableClock;
import io.weft.rm.core.AllocateCall;
import io.weft.rm.core.AllocateResult;
import io.weft.rm.core.NodeRegistration;
import io.weft.rm.core.RmCore;
import io.weft.rm.core.RmSettings;
import io.weft.rm.scheduler.CapacityScheduler;
import io.weft.rm.scheduler.PlacementPolicy;
import io.weft.rm.scheduler.SchedulerSettings;
import io.weft.rm.store.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real RM core (cluster state, queues, scheduling cycle) with fake NodeManagers and AMs
 * driven by hand: fixtures like {@code node("n1").memoryMb(4096).vcores(4)} and
 * {@code app("alice", "analytics")}, everything applied on the core loop as in the RM.
 */
final class ClusterHarness implements AutoCloseable {
  final RmCore core;
  /** The RM's clock: tests move it by hand, then {@link #advance} runs what became due. */
  final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));

  ClusterHarness(Map<String, String> queueConfig) {
    this(queueConfig, PlacementPolicy.SPREAD);
  }

  ClusterHarness(Map<String, String> queueConfig, PlacementPolicy policy) {
    this(queueConfig, SchedulerSettings.defaults(policy));
  }

  ClusterHarness(Map<String, String> queueConfig, PlacementPolicy policy, int maxCompletedApplications) {
    this(queueConfig, SchedulerSettings.defaults(policy), maxCompletedApplications);
  }

  ClusterHarness(Map<String, String> queueConfig, SchedulerSettings scheduler) {
    this(queueConfig, scheduler, RmSettings.DEFAULT_MAX_COMPLETED_APPLICATIONS);
  }

  ClusterHarness(Map<String, String> queueConfig, SchedulerSettings scheduler, int maxCompletedApplications) {
    this(queueConfig, new CapacityScheduler(scheduler), maxCompletedApplications);
  }

  /** A harness whose RM places with {@code scheduler} (e.g. one with a placement plugin added). */
  ClusterHarness(Map<String, String> queueConfig, CapacityScheduler scheduler) {
    this(queueConfig, scheduler, RmSettings.DEFAULT_MAX_COMPLETED_APPLICATIONS);
  }

  ClusterHarness(Map<String, String> queueConfig, CapacityScheduler scheduler, int maxCompletedApplications) {
    this(queueConfig, scheduler, maxCompletedApplications, ResourceTypes.NONE);
  }

  /** A harness whose RM schedules {@code types} besides memory and vcores (weft.resource-types). */
  ClusterHarness(Map<String, String> queueConfig, ResourceTypes types) {
    this(queueConfig, new CapacityScheduler(SchedulerSettings.defaults(PlacementPolicy.SPREAD)),
        RmSettings.DEFAULT_MAX_COMPLETED_APPLICATIONS, types);
  }

  /** As {@link #ClusterHarness(Map, ResourceTypes)} with the configured maximum allocation {@code maximum}. */
  ClusterHarness(Map<String, String> queueConfig, ResourceTypes types, Resource maximum) {
    this(queueConfig, new CapacityScheduler(SchedulerSettings.defaults(PlacementPolicy.SPREAD)),
        RmSettings.DEFAULT_MAX_COMPLETED_APPLICATIONS, types, maximum);
  }

  private ClusterHarness(Map<String, String> queueConfig, CapacityScheduler scheduler, int maxCompletedApplications,
      ResourceTypes types) {
    this(queueConfig, scheduler, maxCompletedApplications, types, Resource.of(65536, 32));
  }

  private ClusterHarness(Map<String, String> queueConfig, CapacityScheduler scheduler, int maxCompletedApplications,
      ResourceTypes types, Resource maximum) {
    RmSettings settings = new RmSettings(Resource.of(512, 1), maximum, 2, Duration.ofSeconds(1),
        Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ZERO, "http://rm/proxy/", maxCompletedApplications,
        RmSettings.DEFAULT_CONTAINER_ALLOCATION_EXPIRY, RmSettings.DEFAULT_NODE_REMOVAL_TIMEOUT,
        RmSettings.DEFAULT_GRACEFUL_DECOMMISSION_TIMEOUT, io.weft.rm.app.AttemptFailures.ALL_COUNT,
        RmSettings.DEFAULT_AM_LIVENESS_EXPIRY, types);
    core = new RmCore(settings, clock, new InMemoryStateStore(), new io.weft.rm.AcceptingNodes(), scheduler,
        QueueConfigParser.parse(queueConfig), 1_700_000_000_000L);
  }

  /**
   * Moves the clock on and runs the time-driven work that became due (as the RM's timer would);
   * the nodes heartbeat first, as live NMs would have meanwhile (or they would go stale).
   */
  private final List<NodeId> registered = new java.util.concurrent.CopyOnWriteArrayList<>();

  void advance(Duration by) {
    clock.advance(by);
    for (NodeId node : registered) {
      core.heartbeat(new io.weft.rm.core.NodeHeartbeat(node, 0, List.of(), true, "")).join();
    }
    core.tick().join();
  }

  /** {@code node("n1").memoryMb(4096).vcores(4).add()}. */
  NodeBuilder node(String host) {
    return new NodeBuilder(host);
  }

  final class NodeBuilder {
    private final String host;
    private long memoryMb = 8192;
    private int vcores = 8;
    private Map<String, Long> others = Map.of();

    NodeBuilder(String host) {
      this.host = host;
    }

    NodeBuilder memoryMb(long mb) {
      this.memoryMb = mb;
      return this;
    }

    NodeBuilder vcores(int n) {
      this.vcores = n;
      return this;
    }

    /** Devices of other resource types it advertises ({@code gpu}). */
    NodeBuilder others(Map<String, Long> amounts) {
      this.others = amounts;
      return this;
    }

    NodeId add() {
      NodeId id = new NodeId(host, 8041);
      core.registerNode(new NodeRegistration(id, host + ":8042", new Resource(memoryMb, vcores, others), "",
          List.of())).join();
      registered.add(id);
      return id;
    }
  }

  /** Submits an application (AM of {@code amMb}) and returns it without waiting for its AM. */
  App submit(String user, String queue, long amMb, int priority) {
    ApplicationId id = core.newApplication().join();
    core.submit(new io.weft.rm.app.ApplicationSubmission(id, "app", queue, user, "TEST", List.of(), priority,
        Resource.of(amMb, 1), 1, new byte[0])).join();
    return new App(id);
  }

  /** Submits an application and registers its AM once the AM container is placed. */
  App app(String user, String queue) {
    App app = submit(user, queue, 1024, 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> report(app.id).amContainer() != null);
    ApplicationAttemptId attempt = report(app.id).currentAttempt();
    core.registerAm(attempt, "localhost", 0, "").join();
    return app;
  }

  AppReport report(ApplicationId id) {
    return core.report(id).join();
  }

  /** The memory leaf {@code queue} holds now, in MB. */
  long usedMb(String queue) {
    return core.queue(queue, false).join().used().memoryMb();
  }

  final class App {
    final ApplicationId id;
    final List<Allocation> containers = new ArrayList<>();
    private ApplicationAttemptId lastAttempt;
    private int responseId;

    App(ApplicationId id) {
      this.id = id;
    }

    ApplicationAttemptId attempt() {
      return report(id).currentAttempt();
    }

    /** Asks for {@code count} containers of {@code mb} in all (YARN's total, not a delta); returns new ones. */
    List<Allocation> ask(int count, long mb) {
      return call(List.of(new AllocateCall.Ask(1, "*", Resource.of(mb, 1), count, 0)), List.of());
    }

    /** As {@link #ask}, adding nodes to and taking nodes off the application's blacklist in the same call. */
    List<Allocation> ask(int count, long mb, List<String> blacklistAdditions, List<String> blacklistRemovals) {
      return send(List.of(new AllocateCall.Ask(1, "*", Resource.of(mb, 1), count, 0)), List.of(), blacklistAdditions,
          blacklistRemovals).allocated();
    }

    /** Sends {@code asks} and returns the whole answer (new containers are kept as with {@link #ask}). */
    AllocateResult allocate(AllocateCall.Ask... asks) {
      return send(List.of(asks), List.of());
    }

    /** Releases its {@code n} oldest containers and returns what arrived in the same call. */
    List<Allocation> releaseOldest(int n) {
      List<ContainerId> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids.add(containers.remove(0).containerId());
      }
      return call(List.of(), ids);
    }

    /** Releases its {@code n} youngest containers and returns what arrived in the same call. */
    List<Allocation> release(int n) {
      List<ContainerId> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids.add(containers.remove(containers.size() - 1).containerId());
      }
      return call(List.of(), ids);
    }

    List<Allocation> poll() {
      return call(List.of(), List.of());
    }

    private List<Allocation> call(List<AllocateCall.Ask> asks, List<ContainerId> releases) {
      return send(asks, releases).allocated();
    }

    /** One call after the last answer of the current attempt, as an AM makes it. */
    private AllocateResult send(List<AllocateCall.Ask> asks, List<ContainerId> releases) {
      return send(asks, releases, List.of(), List.of());
    }

    private AllocateResult send(List<AllocateCall.Ask> asks, List<ContainerId> releases,
        List<String> blacklistAdditions, List<String> blacklistRemovals) {
      ApplicationAttemptId current = attempt();
      if (!current.equals(lastAttempt)) {
        lastAttempt = current;
        responseId = 0;
      }
      AllocateResult result = core.allocate(new AllocateCall(current, responseId, asks, releases, 0, "",
          blacklistAdditions, blacklistRemovals),
          Duration.ZERO).join();
      responseId = result.responseId();
      containers.addAll(result.allocated());
      return result;
    }
  }

  @Override
  public void close() {
    core.close();
  }
}
