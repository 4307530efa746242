package io.weft.rm.core;

import static org.awaitility.Awaitility.await;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.testing.MutableClock;
import io.weft.rm.AcceptingNodes;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.container.Allocation;
import io.weft.rm.queue.QueueConfigParser;
import io.weft.rm.scheduler.CapacityScheduler;
import io.weft.rm.scheduler.PlacementPolicy;
import io.weft.rm.scheduler.SchedulerSettings;
import io.weft.rm.store.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real RM core with two leaf queues ({@code a}, {@code b}), NodeManagers and AMs driven by hand:
 * every container (AM's included) is 1024 MB, 1 vcore, so usage can be checked by counting.
 */
final class CoreFixture implements AutoCloseable {
  static final long CONTAINER_MB = 1024;
  final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
  final RmCore core;
  private final Map<ApplicationAttemptId, Integer> responseIds = new HashMap<>();

  CoreFixture() {
    RmSettings settings = new RmSettings(Resource.of(CONTAINER_MB, 1), Resource.of(65536, 32), 2,
        Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ZERO, "http://rm/proxy/",
        RmSettings.DEFAULT_MAX_COMPLETED_APPLICATIONS, RmSettings.DEFAULT_CONTAINER_ALLOCATION_EXPIRY);
    String p = "weft.scheduler.capacity.";
    Map<String, String> queues = Map.of(p + "root.queues", "a,b", p + "root.a.capacity", "50",
        p + "root.b.capacity", "50", p + "root.a.user-limit-factor", "10", p + "root.b.user-limit-factor", "10",
        p + "root.a.maximum-am-resource-percent", "1", p + "root.b.maximum-am-resource-percent", "1");
    core = new RmCore(settings, clock, new InMemoryStateStore(), new AcceptingNodes(),
        new CapacityScheduler(SchedulerSettings.defaults(PlacementPolicy.SPREAD)), QueueConfigParser.parse(queues),
        1_700_000_000_000L);
  }

  NodeId node(String host, long memoryMb) {
    NodeId id = new NodeId(host, 8041);
    core.registerNode(new NodeRegistration(id, host + ":8042", Resource.of(memoryMb, 64), "", List.of())).join();
    return id;
  }

  /** Submits an application; its AM container is placed by the pass that follows. */
  ApplicationId submit(String user, String queue) {
    ApplicationId id = core.newApplication().join();
    core.submit(new ApplicationSubmission(id, "app", queue, user, "TEST", List.of(), 0,
        Resource.of(CONTAINER_MB, 1), 1, new byte[0])).join();
    return id;
  }

  /** Submits and registers the AM once its container is placed; returns the attempt. */
  ApplicationAttemptId running(String user, String queue) {
    ApplicationId id = submit(user, queue);
    await().atMost(Duration.ofSeconds(10)).until(() -> core.report(id).join().amContainer() != null);
    ApplicationAttemptId attempt = core.report(id).join().currentAttempt();
    core.registerAm(attempt, "localhost", 0, "").join();
    return attempt;
  }

  /** The Allocate call an AM would make next: asks for {@code total} containers in all, releases {@code releases}. */
  AllocateCall call(ApplicationAttemptId attempt, int total, List<ContainerId> releases) {
    return new AllocateCall(attempt, responseIds.getOrDefault(attempt, 0),
        List.of(new AllocateCall.Ask(1, "*", Resource.of(CONTAINER_MB, 1), total, 0)), releases, 0, "");
  }

  /** Makes the call and returns the containers it was granted. */
  List<Allocation> allocate(AllocateCall call) {
    AllocateResult result = core.allocate(call, Duration.ZERO).join();
    responseIds.put(call.attemptId(), result.responseId());
    return new ArrayList<>(result.allocated());
  }

  List<Allocation> allocate(ApplicationAttemptId attempt, int total, List<ContainerId> releases) {
    return allocate(call(attempt, total, releases));
  }

  /** {@code node} reports {@code container} completed with exit status 0. */
  void complete(NodeId node, ContainerId container) {
    core.heartbeat(new NodeHeartbeat(node, 0, List.of(new NodeHeartbeat.Reported(container, true, 0, "done")), true,
        "")).join();
  }

  @Override
  public void close() {
    core.close();
  }
}
