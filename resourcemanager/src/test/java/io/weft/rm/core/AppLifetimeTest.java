package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.common.config.CommonKeys;
import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.common.testing.MutableClock;
import io.weft.rm.AcceptingNodes;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.app.FinalStatus;
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
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Application lifetime on the core with an injected clock: enforced on the tick once past, not before; updated
 * lifetimes and priorities are saved, so a restarted core keeps them and still enforces the lifetime.
 */
class AppLifetimeTest {
  private static final String LIFETIME_EXCEEDED =
      "Application is killed by ResourceManager as it has exceeded the lifetime period.";
  private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
  private final StateStore store = new InMemoryStateStore();
  private final List<RmCore> cores = new ArrayList<>();

  @AfterEach
  void close() {
    cores.forEach(RmCore::close);
  }

  private RmCore run(int epoch) {
    RmSettings settings = new RmSettings(Resource.of(512, 1), Resource.of(8192, 8), 2, Duration.ofSeconds(1),
        Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ZERO, "http://rm/proxy/", 1000, Duration.ofMinutes(1));
    RmCore core = new RmCore(settings, clock, store, new AcceptingNodes(), new CapacityScheduler(
        SchedulerSettings.defaults(PlacementPolicy.SPREAD)),
        // nobody administers the queues (YARN's default is everyone): only an application's owner may update it
        QueueConfigParser.parse(Map.of(), io.weft.rm.queue.Acl.NOBODY), 1_700_000_000_000L,
        epoch);
    cores.add(core);
    core.recover(store.load()).join();
    return core;
  }

  private static ApplicationId submit(RmCore core, Duration lifetime) {
    ApplicationId id = core.newApplication().join();
    core.submit(new ApplicationSubmission(id, "job", "default", "alice", "TEST", List.of(), 0, Resource.of(1024, 1),
        1, new byte[] {1}, false, lifetime)).join();
    return id;
  }

  private static AppReport killed(RmCore core, ApplicationId id) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> core.report(id).join(), r -> r.state().isFinal());
  }

  @Test
  void lifetimeGivenAtSubmit_killsOnTheFirstTickPastIt_notBefore() {
    RmCore core = run(0);
    ApplicationId id = submit(core, Duration.ofSeconds(60));
    assertThat(core.report(id).join().lifetimeExpiry()).isEqualTo(clock.instant().plusSeconds(60));

    clock.advance(Duration.ofSeconds(59));
    core.tick().join();
    assertThat(core.report(id).join().state().isFinal()).isFalse();

    clock.advance(Duration.ofSeconds(1));
    core.tick().join();
    AppReport last = killed(core, id);
    assertThat(last.state()).isEqualTo(AppState.KILLED);
    assertThat(last.finalStatus()).isEqualTo(FinalStatus.KILLED);
    assertThat(last.diagnostics()).isEqualTo(LIFETIME_EXCEEDED);
  }

  @Test
  void updatedLifetimeAndPriority_outliveARestart_andTheLifetimeIsStillEnforced() {
    RmCore first = run(0);
    ApplicationId id = submit(first, Duration.ZERO);
    assertThat(first.report(id).join().lifetimeExpiry()).isNull();
    clock.advance(Duration.ofSeconds(100));
    Instant expiry = first.updateLifetime(id, Duration.ofSeconds(30), "alice").join().lifetimeExpiry();
    assertThat(expiry).isEqualTo(clock.instant().plusSeconds(30));
    assertThat(first.updatePriority(id, 5, "alice").join().priority()).isEqualTo(5);
    first.close();

    RmCore second = run(1);
    AppReport recovered = second.report(id).join();
    assertThat(recovered.priority()).isEqualTo(5);
    assertThat(recovered.lifetimeExpiry()).isEqualTo(expiry);
    clock.advance(Duration.ofSeconds(30));
    second.tick().join();
    assertThat(killed(second, id).diagnostics()).isEqualTo(LIFETIME_EXCEEDED);
  }

  @Test
  void updates_areForTheOwnerOfAnActiveApplication_withAPositiveLifetime() {
    RmCore core = run(0);
    ApplicationId id = submit(core, Duration.ZERO);
    assertThat(code(() -> core.updatePriority(id, 3, "mallory").join())).isEqualTo(WeftException.Code.PERMISSION_DENIED);
    assertThat(code(() -> core.updateLifetime(id, Duration.ZERO, "alice").join()))
        .isEqualTo(WeftException.Code.INVALID_ARGUMENT);
    // found by RpcFuzzTest: an expiry past what an Instant holds failed the call and, once stored, every listing
    assertThat(code(() -> core.updateLifetime(id, Duration.ofSeconds(348213611766146868L), "alice").join()))
        .isEqualTo(WeftException.Code.INVALID_ARGUMENT);
    assertThat(core.updateLifetime(id, Duration.ofSeconds(CommonKeys.MAX_LIFETIME_SECONDS), "alice").join()
        .lifetimeExpiry()).isNotNull();
    core.kill(id, "", "alice").join();
    assertThat(code(() -> core.updateLifetime(id, Duration.ofSeconds(5), "alice").join()))
        .isEqualTo(WeftException.Code.FAILED_PRECONDITION);
    assertThat(code(() -> core.updatePriority(new ApplicationId(1_700_000_000_000L, 99), 1, "alice").join()))
        .isEqualTo(WeftException.Code.NOT_FOUND);
  }

  private static WeftException.Code code(Runnable call) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(call::run).satisfies(t -> thrown[0] = t instanceof CompletionException ? t.getCause() : t);
    assertThat(thrown[0]).isInstanceOf(WeftException.class);
    return ((WeftException) thrown[0]).code();
  }
}
