package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.rm.AcceptingNodes;
import io.weft.common.testing.MutableClock;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.app.AttemptState;
import io.weft.rm.app.FinalStatus;
import io.weft.rm.container.Allocation;
import io.weft.rm.queue.QueueConfigParser;
import io.weft.rm.scheduler.CapacityScheduler;
import io.weft.rm.scheduler.PlacementPolicy;
import io.weft.rm.scheduler.SchedulerSettings;
import io.weft.rm.store.InMemoryStateStore;
import io.weft.rm.store.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RM core restarted on the same state store: what a restarted RM keeps, what it takes back from
 * its NodeManagers' reports, and what it gives up. Each RM "run" is a new core (its memory is gone)
 * over the store the previous one wrote.
 */
class WorkPreservingRestartTest {
  private static final long TIMESTAMP = 1_700_000_000_000L;
  private static final Duration EXPIRY = Duration.ofMinutes(1);
  private static final NodeId N1 = new NodeId("n1", 8041);
  private static final NodeId N2 = new NodeId("n2", 8041);
  private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
  private final StateStore store = new InMemoryStateStore();
  private final List<RmCore> cores = new ArrayList<>();

  @AfterEach
  void close() {
    cores.forEach(RmCore::close);
  }

  private RmCore run(int epoch) {
    RmCore core = core(store, epoch);
    core.recover(store.load()).join();
    return core;
  }

  /** A core on {@code on}: one RM run, its memory new. */
  private RmCore core(StateStore on, int epoch) {
    RmSettings settings = new RmSettings(Resource.of(512, 1), Resource.of(8192, 8), 2, Duration.ofSeconds(1),
        Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ZERO, "http://rm/proxy/", 1000, EXPIRY);
    RmCore core = new RmCore(settings, clock, on, new AcceptingNodes(), new CapacityScheduler(
        SchedulerSettings.defaults(PlacementPolicy.SPREAD)), QueueConfigParser.parse(Map.of()), TIMESTAMP, epoch);
    cores.add(core);
    return core;
  }

  private static void register(RmCore core, NodeId node, NodeHeartbeat.Reported... containers) {
    core.registerNode(new NodeRegistration(node, node.host() + ":8042", Resource.of(4096, 4), "",
        List.of(containers))).join();
  }

  private static NodeHeartbeat.Reported running(Allocation a) {
    return new NodeHeartbeat.Reported(a.containerId(), false, 0, "", a.resource(), a.priority(),
        a.allocationRequestId(), Instant.EPOCH);
  }

  private static NodeHeartbeat.Reported completed(Allocation a, int exit) {
    return new NodeHeartbeat.Reported(a.containerId(), true, exit, "exited " + exit, a.resource(), a.priority(),
        a.allocationRequestId(), Instant.EPOCH);
  }

  private static ApplicationId submit(RmCore core) {
    ApplicationId id = core.newApplication().join();
    core.submit(new ApplicationSubmission(id, "job", "default", "alice", "TEST", List.of("t1"), 0,
        Resource.of(1024, 1), 2, new byte[] {1, 2, 3})).join();
    return id;
  }

  private static AppReport running(RmCore core, ApplicationId id) {
    await().atMost(Duration.ofSeconds(10)).until(() -> core.report(id).join().amContainer() != null);
    AppReport report = core.report(id).join();
    core.registerAm(report.currentAttempt(), "am-host", 4040, "http://am-host:4040").join();
    return core.report(id).join();
  }

  /** A call after the answer {@code responseId} (0 for the first call of a registration). */
  private static AllocateResult allocate(RmCore core, ApplicationAttemptId attempt, int responseId, int total) {
    return core.allocate(new AllocateCall(attempt, responseId,
        List.of(new AllocateCall.Ask(1, "*", Resource.of(1024, 1), total, 0)), List.of(), 0.5f, ""), Duration.ZERO)
        .join();
  }

  @Test
  void runningApplication_keepsItsAmAndContainers_andItsAmResyncs() {
    RmCore first = run(0);
    register(first, N1);
    register(first, N2);
    ApplicationId id = submit(first);
    AppReport before = running(first, id);
    List<Allocation> executors = new ArrayList<>(allocate(first, before.currentAttempt(), 0, 2).allocated());
    assertThat(executors).hasSize(2);
    Allocation am = first.containers(before.currentAttempt()).join().stream()
        .filter(c -> c.allocation().containerId().equals(before.amContainer())).findFirst().orElseThrow()
        .allocation();
    first.close();

    RmCore second = run(1);
    assertThat(second.report(id).join().state()).isEqualTo(AppState.RUNNING);
    // One executor exited while the RM was down: its AM hears it with its real exit status.
    List<NodeHeartbeat.Reported> n1 = new ArrayList<>();
    List<NodeHeartbeat.Reported> n2 = new ArrayList<>();
    for (Allocation a : List.of(am, executors.get(0))) {
      (a.nodeId().equals(N1) ? n1 : n2).add(running(a));
    }
    (executors.get(1).nodeId().equals(N1) ? n1 : n2).add(completed(executors.get(1), 3));
    register(second, N1, n1.toArray(NodeHeartbeat.Reported[]::new));
    register(second, N2, n2.toArray(NodeHeartbeat.Reported[]::new));

    AllocateResult resync = allocate(second, before.currentAttempt(), 1, 2);
    assertThat(resync.command()).isEqualTo(AllocateResult.AmCommand.RESYNC);
    second.registerAm(before.currentAttempt(), "am-host", 4040, "http://am-host:4040").join();
    // Its AM re-sends what it still wants: one executor in place of the one that exited.
    AllocateResult after = allocate(second, before.currentAttempt(), 0, 1);
    assertThat(after.command()).isEqualTo(AllocateResult.AmCommand.NONE);
    assertThat(after.completed()).singleElement().satisfies(c -> {
      assertThat(c.containerId()).isEqualTo(executors.get(1).containerId());
      assertThat(c.exitStatus()).isEqualTo(3);
    });
    // The new container carries this run's epoch.
    assertThat(after.allocated()).singleElement().satisfies(c -> assertThat(c.containerId().epoch()).isEqualTo(1));
    AppReport report = second.report(id).join();
    assertThat(report.state()).isEqualTo(AppState.RUNNING);
    assertThat(report.usedContainers()).isEqualTo(3);
    assertThat(report.usedResources()).isEqualTo(Resource.of(3 * 1024, 3));
    assertThat(report.currentAttempt()).isEqualTo(before.currentAttempt());
    assertThat(report.originalTrackingUrl()).isEqualTo(before.originalTrackingUrl());
    assertThat(second.queue("default", false).join().used()).isEqualTo(Resource.of(3 * 1024, 3));
  }

  @Test
  void endedApplications_keepIdsStatesAndDiagnostics_andNewIdsContinue() {
    RmCore first = run(0);
    register(first, N1);
    ApplicationId done = submit(first);
    AppReport report = running(first, done);
    first.finishAm(report.currentAttempt(), FinalStatus.SUCCEEDED, "all good", "").join();
    ApplicationId killed = submit(first);
    first.kill(killed, "stopped by the operator", "alice").join();
    ApplicationId lastIssued = first.newApplication().join();
    first.close();

    RmCore second = run(1);
    AppReport d = second.report(done).join();
    assertThat(d.state()).isIn(AppState.FINISHED);
    assertThat(d.finalStatus()).isEqualTo(FinalStatus.SUCCEEDED);
    assertThat(d.diagnostics()).isEqualTo("all good");
    assertThat(second.attempts(done).join()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AttemptState.FINISHED));
    AppReport k = second.report(killed).join();
    assertThat(k.state()).isEqualTo(AppState.KILLED);
    assertThat(k.diagnostics()).contains("stopped by the operator");
    assertThat(second.newApplication().join().sequence()).isEqualTo(lastIssued.sequence());
  }

  @Test
  void amContainerNotReportedByItsNode_failsTheAttempt_andTheNextOneStarts() {
    RmCore first = run(0);
    register(first, N1);
    ApplicationId id = submit(first);
    AppReport before = running(first, id);
    first.close();

    RmCore second = run(1);
    register(second, N1);
    await().atMost(Duration.ofSeconds(10)).until(() -> second.attempts(id).join().size() == 2);
    var attempts = second.attempts(id).join();
    assertThat(attempts.get(0).state()).isEqualTo(AttemptState.FAILED);
    assertThat(attempts.get(0).diagnostics()).contains(before.amContainer().toString())
        .contains("not running on " + N1);
    await().atMost(Duration.ofSeconds(10)).until(() -> second.report(id).join().amContainer() != null);
    assertThat(second.report(id).join().amContainer().epoch()).isEqualTo(1);
  }

  @Test
  void containersOfAnUnknownOrEndedApplication_areStopped() {
    RmCore first = run(0);
    register(first, N1);
    ApplicationId id = submit(first);
    AppReport report = running(first, id);
    first.finishAm(report.currentAttempt(), FinalStatus.SUCCEEDED, "", "").join();
    first.close();

    RmCore second = run(1);
    ContainerId stray = new ContainerId(report.currentAttempt(), 7);
    register(second, N1, new NodeHeartbeat.Reported(stray, false, 0, "", Resource.of(1024, 1), 1, 0,
        Instant.EPOCH));
    HeartbeatAnswer answer = second.heartbeat(new NodeHeartbeat(N1, 0, List.of(), true, "")).join();
    assertThat(answer.containersToCleanup()).contains(stray);
    assertThat(second.nodes(java.util.EnumSet.allOf(io.weft.rm.node.NodeState.class)).join())
        .singleElement().satisfies(n -> assertThat(n.used()).isEqualTo(Resource.NONE));
  }

  @Test
  void completedContainers_areAcknowledgedToTheirNode() {
    RmCore core = run(0);
    register(core, N1);
    ApplicationId id = submit(core);
    AppReport report = running(core, id);
    Allocation executor = allocate(core, report.currentAttempt(), 0, 1).allocated().get(0);
    HeartbeatAnswer answer = core.heartbeat(new NodeHeartbeat(N1, 0, List.of(completed(executor, 0)), true, ""))
        .join();
    assertThat(answer.containersToRemove()).containsExactly(executor.containerId());
  }

  @Test
  void grantedContainerNeverStarted_expires_andItsRoomComesBack() {
    RmCore core = run(0);
    register(core, N1);
    ApplicationId id = submit(core);
    AppReport report = running(core, id);
    Allocation executor = allocate(core, report.currentAttempt(), 0, 1).allocated().get(0);
    assertThat(core.report(id).join().usedResources()).isEqualTo(Resource.of(2048, 2));
    clock.advance(EXPIRY.plusMillis(1));
    core.heartbeat(new NodeHeartbeat(N1, 0, List.of(new NodeHeartbeat.Reported(report.amContainer(), false, 0, "")),
        true, "")).join();
    core.tick().join();
    AllocateResult next = allocate(core, report.currentAttempt(), 1, 0);
    assertThat(next.completed()).singleElement().satisfies(c -> {
      assertThat(c.containerId()).isEqualTo(executor.containerId());
      assertThat(c.exitStatus()).isEqualTo(ExitStatus.ABORTED);
      assertThat(c.diagnostics()).contains("expired").contains("expiry-interval-ms");
    });
    AppReport after = core.report(id).join();
    assertThat(after.usedResources()).isEqualTo(Resource.of(1024, 1));
    assertThat(after.currentAttempt()).isEqualTo(report.currentAttempt());
  }

  @Test
  void finalStateNotSavedWhenTheRmDied_theApplicationRunsAgain_andIsNotLost() {
    RmCore first = run(0);
    register(first, N1);
    ApplicationId id = submit(first);
    AppReport report = running(first, id);
    Allocation am = first.containers(report.currentAttempt()).join().get(0).allocation();
    // The AM unregistered (its attempt FINISHING was saved) but the RM died before the final state was.
    store.storeAttempt(new io.weft.rm.store.AttemptRecord(report.currentAttempt(), Instant.EPOCH,
        AttemptState.FINISHING, am, "am-host", 4040, "", "", ExitStatus.INVALID, null)).join();
    first.close();

    RmCore second = run(1);
    assertThat(second.report(id).join().state()).isEqualTo(AppState.RUNNING);
    register(second, N1, completed(am, 0));
    await().atMost(Duration.ofSeconds(10)).until(() -> second.attempts(id).join().size() == 2);
    assertThat(second.attempts(id).join().get(0).state()).isEqualTo(AttemptState.FAILED);
    assertThat(second.report(id).join().state()).isEqualTo(AppState.ACCEPTED);
  }

  @Test
  void submissionTheStoreCannotSave_isRefusedNamingTheStoreError_andTheApplicationFails(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) {
    io.weft.rm.store.RocksDbStateStore broken = new io.weft.rm.store.RocksDbStateStore(dir.resolve("store"), true);
    broken.load();
    RmCore core = core(broken, 0);
    broken.close();
    ApplicationId id = core.newApplication().join();
    var submitted = core.submit(new ApplicationSubmission(id, "job", "default", "alice", "TEST", List.of(), 0,
        Resource.of(1024, 1), 2, new byte[0]));
    org.assertj.core.api.Assertions.assertThatThrownBy(submitted::join).hasMessageContaining("state store")
        .hasMessageContaining(id.toString());
    AppReport report = core.report(id).join();
    assertThat(report.state()).isEqualTo(AppState.FAILED);
    assertThat(report.diagnostics()).contains("the state store could not save the application");
  }
}
