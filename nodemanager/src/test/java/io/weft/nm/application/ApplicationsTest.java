package io.weft.nm.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import io.weft.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The NM's application lifecycle, YARN's states, driven as the container manager drives it. */
class ApplicationsTest {
  private static final ApplicationId APP = new ApplicationId(1_700_000_000_000L, 1);
  private static final ContainerId AM = new ContainerId(new ApplicationAttemptId(APP, 1), 1);
  private static final ContainerId WORKER = new ContainerId(new ApplicationAttemptId(APP, 1), 2);
  private static final Duration RETENTION = Duration.ofHours(3);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T00:00:00Z"));
  private final Applications apps = new Applications(clock, RETENTION);

  private ApplicationReport app() {
    return apps.report(APP).orElseThrow(() -> new AssertionError(APP + " is not listed: " + apps.reports()));
  }

  @Test
  void firstContainer_startsTheApplicationRunning_listingItsContainersUntilEachIsDone() {
    apps.containerAdded(WORKER, "alice");
    apps.containerAdded(AM, "alice");

    assertThat(app()).isEqualTo(new ApplicationReport(APP, "alice", ApplicationState.RUNNING, List.of(AM, WORKER)));
    apps.containerDone(WORKER);
    assertThat(app().containerIds()).containsExactly(AM);
    assertThat(app().state()).isEqualTo(ApplicationState.RUNNING);
  }

  @Test
  void endedByTheRm_waitsForItsContainers_thenCleansUp_thenFinishesWithoutContainers() {
    apps.containerAdded(AM, "alice");
    apps.containerAdded(WORKER, "alice");

    assertThat(apps.finishing(APP)).isTrue();
    assertThat(app().state()).isEqualTo(ApplicationState.FINISHING_CONTAINERS_WAIT);
    apps.containerDone(AM);
    assertThat(app().state()).isEqualTo(ApplicationState.FINISHING_CONTAINERS_WAIT);
    apps.containerDone(WORKER);
    assertThat(app().state()).isEqualTo(ApplicationState.APPLICATION_RESOURCES_CLEANINGUP);
    apps.cleanedUp(APP);

    assertThat(app()).isEqualTo(new ApplicationReport(APP, "alice", ApplicationState.FINISHED, List.of()));
  }

  @Test
  void endedWithNoContainerLeft_goesStraightToCleaningUp_andSayingItAgainChangesNothing() {
    apps.containerAdded(AM, "alice");
    apps.containerDone(AM);

    assertThat(apps.finishing(APP)).isTrue();
    assertThat(app().state()).isEqualTo(ApplicationState.APPLICATION_RESOURCES_CLEANINGUP);
    assertThat(apps.finishing(APP)).isFalse();
    assertThat(apps.finishing(new ApplicationId(1_700_000_000_000L, 9))).as("unknown here").isFalse();
  }

  @Test
  void finishedApplication_isListedForTheRetention_thenForgotten() {
    apps.containerAdded(AM, "alice");
    apps.containerDone(AM);
    apps.finishing(APP);
    apps.cleanedUp(APP);

    clock.advance(RETENTION.minusSeconds(1));
    assertThat(app().state()).isEqualTo(ApplicationState.FINISHED);
    clock.advance(Duration.ofSeconds(1));
    assertThat(apps.report(APP)).isEmpty();
    assertThat(apps.reports()).isEmpty();
  }

  @Test
  void containerOfAnEndedApplication_isRefused() {
    apps.containerAdded(AM, "alice");
    apps.finishing(APP);

    assertThatThrownBy(() -> apps.containerAdded(WORKER, "alice"))
        .isInstanceOfSatisfying(WeftException.class,
            e -> assertThat(e.code()).isEqualTo(WeftException.Code.FAILED_PRECONDITION))
        .hasMessageContaining(WORKER + " not started").hasMessageContaining("FINISHING_CONTAINERS_WAIT");
    assertThat(app().containerIds()).containsExactly(AM);
  }

  @Test
  void everyState_isReachableFromNew_andFinishedHasNoWayOut() {
    Set<ApplicationState> seen = EnumSet.of(ApplicationState.NEW);
    Deque<ApplicationState> frontier = new ArrayDeque<>(seen);
    while (!frontier.isEmpty()) {
      for (ApplicationState next : frontier.pop().next()) {
        if (seen.add(next)) {
          frontier.add(next);
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(ApplicationState.values());
    assertThat(ApplicationState.FINISHED.next()).isEmpty();
    assertThatThrownBy(() -> ApplicationState.FINISHED.requireMoveTo(ApplicationState.RUNNING, APP))
        .isInstanceOf(WeftException.class).hasMessageContaining(APP + " cannot move from FINISHED to RUNNING");
  }
}
