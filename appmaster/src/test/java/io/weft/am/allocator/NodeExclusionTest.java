package io.weft.am.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.NodeId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which nodes an application excludes and what its AM tells the RM, with the clock moved by hand. */
class NodeExclusionTest {
  private static final NodeId N1 = new NodeId("h1", 1);
  private static final NodeId N2 = new NodeId("h2", 1);
  private static final NodeId N3 = new NodeId("h3", 1);
  private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));

  @Test
  void aLaunchFailure_excludesTheNodeAtOnce_untilTheTimeout() {
    NodeExclusion exclusion = new NodeExclusion(NodeExclusion.Settings.DEFAULTS, clock);
    exclusion.launchFailed(N1, "UNAVAILABLE: io exception");
    assertThat(exclusion.next(5)).isEqualTo(new NodeExclusion.Change(List.of("h1:1"), List.of()));
    assertThat(exclusion.next(5).isEmpty()).as("sent once").isTrue();

    clock.advance(Duration.ofHours(1));
    assertThat(exclusion.next(5)).isEqualTo(new NodeExclusion.Change(List.of(), List.of("h1:1")));
    assertThat(exclusion.excluded()).isEmpty();
  }

  @Test
  void executorFailures_excludeANode_onlyWhenEnabled_afterTheLimit() {
    NodeExclusion off = new NodeExclusion(NodeExclusion.Settings.DEFAULTS, clock);
    off.executorFailed(N1, "exit 1");
    off.executorFailed(N1, "exit 1");
    assertThat(off.next(5).isEmpty()).isTrue();

    NodeExclusion on = new NodeExclusion(new NodeExclusion.Settings(true, 2, Duration.ofHours(1), 0.8), clock);
    on.executorFailed(N1, "exit 1");
    on.executorFailed(N2, "exit 1");
    assertThat(on.next(5).isEmpty()).isTrue();
    on.executorFailed(N1, "exit 3");
    assertThat(on.next(5).additions()).containsExactly("h1:1");
    assertThat(on.excluded()).singleElement().satisfies(e -> assertThat(e.reason())
        .contains("2 executors failed there").contains("last: exit 3"));
  }

  @Test
  void neverExcludesSoManyNodesThatNoneRemain_theOldestGiveWay() {
    NodeExclusion exclusion = new NodeExclusion(NodeExclusion.Settings.DEFAULTS, clock);
    exclusion.launchFailed(N1, "down");
    exclusion.launchFailed(N2, "down");
    assertThat(exclusion.next(2).additions()).as("80% of 2 nodes is 1").containsExactly("h2:1");
    exclusion.launchFailed(N3, "down");
    assertThat(exclusion.next(2)).isEqualTo(new NodeExclusion.Change(List.of("h3:1"), List.of("h2:1")));
    assertThat(exclusion.next(1).removals()).as("a one-node cluster excludes nothing").containsExactly("h3:1");
  }

  @Test
  void afterTheRmForgot_theWholeListIsSentAgain() {
    NodeExclusion exclusion = new NodeExclusion(NodeExclusion.Settings.DEFAULTS, clock);
    exclusion.launchFailed(N1, "down");
    exclusion.next(5);
    exclusion.resend();
    assertThat(exclusion.next(5).additions()).containsExactly("h1:1");
  }

  @Test
  void executorFailures_countAsSparkCountsThem_andExpireAfterTheValidityInterval() {
    assertThat(List.of(ExitStatus.ABORTED, ExitStatus.PREEMPTED, ExitStatus.DISKS_FAILED,
        ExitStatus.KILLED_BY_APPMASTER, ExitStatus.KILLED_BY_RESOURCEMANAGER, 0))
        .noneMatch(ExecutorFailures::counts);
    assertThat(List.of(1, 143, ExitStatus.INVALID, ExitStatus.KILLED_EXCEEDED_PMEM)).allMatch(ExecutorFailures::counts);

    ExecutorFailures failures = new ExecutorFailures(2, Duration.ofMinutes(1), clock);
    assertThat(failures.add()).isFalse();
    clock.advance(Duration.ofMinutes(2));
    assertThat(failures.add()).as("the first failure is forgotten").isFalse();
    assertThat(failures.add()).isTrue();
  }
}
