package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.testing.MutableClock;
import io.weft.rm.AcceptingNodes;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.app.AttemptFailures;
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
 * Unmanaged AMs on the real RM core with a fake clock: an attempt ready at once with no AM container, the AM's
 * calls as a managed AM's, the end at unregistration, the AM liveness expiry, one attempt only, kill, and a restart.
 */
class UnmanagedAmTest {
  private static final long TIMESTAMP = 1_700_000_000_000L;
  private static final Duration AM_EXPIRY = Duration.ofMinutes(1);
  private static final NodeId N1 = new NodeId("n1", 8041);
  private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
  private final StateStore store = new InMemoryStateStore();
  private final List<RmCore> cores = new ArrayList<>();

  @AfterEach
  void close() {
    cores.forEach(RmCore::close);
  }

  /** One RM run over the shared store; its cluster allows 2 attempts, which an unmanaged AM never gets. */
  private RmCore run(int epoch) {
    RmSettings settings = new RmSettings(Resource.of(512, 1), Resource.of(8192, 8), 2, Duration.ofSeconds(1),
        Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ZERO, "http://rm/proxy/", 1000,
        Duration.ofMinutes(10), RmSettings.DEFAULT_NODE_REMOVAL_TIMEOUT, RmSettings.DEFAULT_GRACEFUL_DECOMMISSION_TIMEOUT,
        AttemptFailures.ALL_COUNT, AM_EXPIRY);
    RmCore core = new RmCore(settings, clock, store, new AcceptingNodes(), new CapacityScheduler(
        SchedulerSettings.defaults(PlacementPolicy.SPREAD)), QueueConfigParser.parse(Map.of()), TIMESTAMP, epoch);
    cores.add(core);
    core.recover(store.load()).join();
    core.registerNode(new NodeRegistration(N1, "n1:8042", Resource.of(4096, 4), "", List.of())).join();
    return core;
  }

  /** An unmanaged submission; its AM resource is one a YARN client sends out of habit, and is ignored. */
  private static ApplicationId submitUnmanaged(RmCore core) {
    ApplicationId id = core.newApplication().join();
    core.submit(new ApplicationSubmission(id, "uam", "default", "alice", "TEST", List.of(), 0,
        Resource.of(2048, 1), 0, new byte[0], false, Duration.ZERO, true)).join();
    return id;
  }

  private static AllocateResult allocate(RmCore core, ApplicationAttemptId attempt, int responseId, int total) {
    return core.allocate(new AllocateCall(attempt, responseId,
        List.of(new AllocateCall.Ask(1, "*", Resource.of(1024, 1), total, 0)), List.of(), 0.5f, ""), Duration.ZERO)
        .join();
  }

  /** The final state is saved before it shows: wait for it, showing the last state seen. */
  private static AppReport awaitEnded(RmCore core, ApplicationId id) {
    return await("the end of " + id).atMost(Duration.ofSeconds(10))
        .until(() -> core.report(id).join(), r -> r.state().isFinal());
  }

  @Test
  void attemptIsReadyAtOnce_withNoAmContainer_andRunsLikeAManagedOne_endingAtUnregistration() {
    RmCore core = run(0);
    ApplicationId id = submitUnmanaged(core);

    AppReport ready = core.report(id).join();
    assertThat(ready.state()).isEqualTo(AppState.ACCEPTED);
    assertThat(ready.unmanagedAm()).isTrue();
    assertThat(ready.amrmTokenIssuable()).isTrue();
    assertThat(ready.amContainer()).isNull();
    assertThat(ready.launchTime()).isNotNull();
    assertThat(ready.usedContainers()).isZero();
    assertThat(ready.usedResources()).isEqualTo(Resource.NONE);
    assertThat(core.attempts(id).join()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AttemptState.LAUNCHED);
      assertThat(a.amContainer()).isNull();
    });

    ApplicationAttemptId attempt = ready.currentAttempt();
    core.registerAm(attempt, "client-host", 0, "").join();
    assertThat(core.report(id).join().state()).isEqualTo(AppState.RUNNING);
    List<Allocation> granted = allocate(core, attempt, 0, 2).allocated();
    // Number 1 is left unused, as if the AM held it (Weft's log tools take 000001 to be the AM's container).
    assertThat(granted).extracting(a -> a.containerId().id()).containsExactlyInAnyOrder(2L, 3L);
    assertThat(core.report(id).join().usedResources()).isEqualTo(Resource.of(2048, 2));

    core.finishAm(attempt, FinalStatus.SUCCEEDED, "2 containers: 2 succeeded", "").join();
    // No AM container to wait for: the application ends at once.
    AppReport done = awaitEnded(core, id);
    assertThat(done.state()).isEqualTo(AppState.FINISHED);
    assertThat(done.finalStatus()).isEqualTo(FinalStatus.SUCCEEDED);
    assertThat(done.amrmTokenIssuable()).isFalse();
    assertThat(core.attempts(id).join()).singleElement()
        .satisfies(a -> assertThat(a.state()).isEqualTo(AttemptState.FINISHED));
  }

  @Test
  void amThatStopsCalling_failsItsAttemptAfterTheLivenessExpiry_andTheApplicationGetsNoOtherAttempt() {
    RmCore core = run(0);
    ApplicationId id = submitUnmanaged(core);
    ApplicationAttemptId attempt = core.report(id).join().currentAttempt();
    core.registerAm(attempt, "client-host", 0, "").join();
    clock.advance(AM_EXPIRY.minusSeconds(1));
    allocate(core, attempt, 0, 1);
    clock.advance(AM_EXPIRY.minusSeconds(1));
    core.tick().join();
    assertThat(core.report(id).join().state()).as("heard from within the expiry").isEqualTo(AppState.RUNNING);

    clock.advance(Duration.ofSeconds(2));
    core.tick().join();

    AppReport failed = awaitEnded(core, id);
    assertThat(failed.state()).isEqualTo(AppState.FAILED);
    assertThat(failed.usedContainers()).as("its container is stopped").isZero();
    assertThat(failed.diagnostics()).contains("failed 1 time (max attempts 1)")
        .contains("weft.resourcemanager.am.liveness-monitor.expiry-interval-ms");
    assertThat(core.attempts(id).join()).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AttemptState.FAILED);
      assertThat(a.diagnostics()).contains("unmanaged AM of " + attempt).contains("60000 ms");
    });
  }

  @Test
  void amThatNeverRegisters_expiresToo() {
    RmCore core = run(0);
    ApplicationId id = submitUnmanaged(core);
    clock.advance(AM_EXPIRY.plusSeconds(1));
    core.tick().join();
    assertThat(awaitEnded(core, id).state()).isEqualTo(AppState.FAILED);
  }

  @Test
  void kill_endsIt_andItsAmIsToldToShutDown() {
    RmCore core = run(0);
    ApplicationId id = submitUnmanaged(core);
    ApplicationAttemptId attempt = core.report(id).join().currentAttempt();
    core.registerAm(attempt, "client-host", 0, "").join();
    allocate(core, attempt, 0, 1);

    AppReport killed = core.kill(id, "stopped by its owner", "alice").join();

    assertThat(killed.state()).isEqualTo(AppState.KILLED);
    assertThat(killed.usedContainers()).isZero();
    assertThat(allocate(core, attempt, 1, 1).command()).isEqualTo(AllocateResult.AmCommand.SHUTDOWN);
  }

  @Test
  void afterARestart_theAttemptIsKept_itsAmResyncsAndFinishes_whileASilentOneExpires() {
    RmCore first = run(0);
    ApplicationId resyncing = submitUnmanaged(first);
    ApplicationId silent = submitUnmanaged(first);
    ApplicationAttemptId attempt = first.report(resyncing).join().currentAttempt();
    first.registerAm(attempt, "client-host", 0, "").join();
    first.close();

    RmCore second = run(1);
    AppReport recovered = second.report(resyncing).join();
    assertThat(recovered.state()).isEqualTo(AppState.RUNNING);
    assertThat(recovered.currentAttempt()).isEqualTo(attempt);
    assertThat(recovered.unmanagedAm()).isTrue();
    assertThat(second.report(silent).join().state()).isEqualTo(AppState.ACCEPTED);
    assertThat(allocate(second, attempt, 1, 0).command()).isEqualTo(AllocateResult.AmCommand.RESYNC);
    second.registerAm(attempt, "client-host", 0, "").join();
    second.finishAm(attempt, FinalStatus.SUCCEEDED, "done", "").join();
    assertThat(awaitEnded(second, resyncing).state()).isEqualTo(AppState.FINISHED);

    clock.advance(AM_EXPIRY.plusSeconds(1));
    second.tick().join();
    assertThat(awaitEnded(second, silent).state()).isEqualTo(AppState.FAILED);
    assertThat(second.attempts(silent).join()).hasSize(1);
  }
}
