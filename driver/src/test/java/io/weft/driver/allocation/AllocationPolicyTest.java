package io.weft.driver.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.ConfigException;
import io.weft.common.config.ConfigKey;
import io.weft.common.config.WeftConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The policy stepped by hand: each row is a load at a time on a fake clock, and what the policy
 * decides then. Backlog timeout 1 s, sustained 1 s, idle timeout 60 s, one slot per executor.
 */
class AllocationPolicyTest {
  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

  private static AllocationSettings settings(int min, int max, int initial, Duration cachedIdle) {
    return new AllocationSettings(min, max, initial, Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(60), cachedIdle, 1.0);
  }

  private static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  /** {@code running}: tasks per executor, in executor-id order "1", "2", ... */
  private static AllocationPolicy.Load load(int pending, int... running) {
    Map<String, Integer> byExecutor = new LinkedHashMap<>();
    for (int i = 0; i < running.length; i++) {
      byExecutor.put(Integer.toString(i + 1), running[i]);
    }
    return new AllocationPolicy.Load(pending, byExecutor, Set.of());
  }

  private static int[] idle(int executors) {
    return new int[executors];
  }

  @Test
  void backlog_raisesTheTargetBy1Then2Then4_untilTheMax() {
    AllocationPolicy policy = new AllocationPolicy(settings(0, 10, 0, ConfigKey.INFINITE), 1);
    List<Integer> targets = new ArrayList<>();
    // 40 tasks wait throughout; no executor arrives, so nothing runs
    for (double t = 0; t <= 6; t += 0.5) {
      targets.add(policy.decide(load(40), at(t)).target());
    }
    // waiting since 0: +1 at 1 s, +2 at 2 s, +4 at 3 s, then the max (10) at 4 s and no further
    assertThat(targets).containsExactly(0, 0, 1, 1, 3, 3, 7, 7, 10, 10, 10, 10, 10);
  }

  @Test
  void backlog_isCappedByTheExecutorsItsTasksNeed() {
    AllocationPolicy policy = new AllocationPolicy(settings(0, 100, 0, ConfigKey.INFINITE), 4);
    List<Integer> targets = new ArrayList<>();
    for (int t = 0; t <= 5; t++) {
      targets.add(policy.decide(load(10), at(t)).target()); // 10 tasks on 4-slot executors: 3 needed
    }
    assertThat(targets).containsExactly(0, 1, 3, 3, 3, 3);
  }

  @Test
  void theStepStartsAgainAtOne_afterTheBacklogClears() {
    AllocationPolicy policy = new AllocationPolicy(settings(0, 100, 0, ConfigKey.INFINITE), 1);
    policy.decide(load(40), at(0));
    policy.decide(load(40), at(1));
    assertThat(policy.decide(load(40), at(2)).target()).isEqualTo(3);
    // the three executors take three tasks; the rest finish, nothing waits
    assertThat(policy.decide(load(0, 1, 1, 1), at(2.5)).target()).isEqualTo(3);
    AllocationPolicy.Decision backlogAgain = policy.decide(load(40, 1, 1, 1), at(3));
    assertThat(backlogAgain.target()).isEqualTo(3);
    assertThat(policy.decide(load(40, 1, 1, 1), at(4)).target()).as("+1, not +4").isEqualTo(4);
  }

  @Test
  void whenTheBacklogClears_theTargetDropsToWhatRunningTasksNeed_notBelowMin() {
    AllocationPolicy policy = new AllocationPolicy(settings(1, 10, 1, ConfigKey.INFINITE), 1);
    for (int t = 0; t <= 4; t++) {
      policy.decide(load(40, 1, 1, 1, 1), at(t));
    }
    assertThat(policy.target()).isEqualTo(10);
    AllocationPolicy.Decision twoRunning = policy.decide(load(0, 1, 1, 0, 0), at(5));
    assertThat(twoRunning.target()).isEqualTo(2);
    assertThat(twoRunning.targetChanged()).isTrue();
    assertThat(twoRunning.why()).contains("0 waiting and 2 running");
    AllocationPolicy.Decision noneRunning = policy.decide(load(0, 0, 0, 0, 0), at(6));
    assertThat(noneRunning.target()).as("minExecutors").isEqualTo(1);
  }

  @Test
  void idleExecutors_areReleasedAfterTheIdleTimeout_downToMin() {
    AllocationPolicy policy = new AllocationPolicy(settings(1, 10, 3, ConfigKey.INFINITE), 1);
    // a job ran on the three initial executors and ended at 0 s
    policy.decide(load(0, 1, 1, 1), at(-1));
    assertThat(policy.decide(load(0, idle(3)), at(0)).removals()).isEmpty();
    assertThat(policy.decide(load(0, idle(3)), at(59.9)).removals()).isEmpty();
    AllocationPolicy.Decision timedOut = policy.decide(load(0, idle(3)), at(60));
    assertThat(timedOut.target()).isEqualTo(1);
    assertThat(timedOut.removals()).extracting(AllocationPolicy.Removal::executorId).containsExactly("1", "2");
    assertThat(timedOut.removals().get(0).reason())
        .isEqualTo("idle for 60 s (weft.dynamicAllocation.executorIdleTimeout)");
    // being removed: not released twice while the cluster takes them back
    assertThat(policy.decide(load(0, idle(3)), at(61)).removals()).isEmpty();
    assertThat(policy.decide(load(0, idle(1)), at(200)).removals()).as("min 1 stays").isEmpty();
  }

  @Test
  void executorsRunningTasks_areNeverReleased_andIdleTimeCountsFromTheirLastTask() {
    AllocationPolicy policy = new AllocationPolicy(settings(0, 10, 2, ConfigKey.INFINITE), 1);
    policy.decide(load(1, 1, 0), at(0)); // a job starts: executor 1 busy until 100 s, executor 2 idle from 0 s
    Map<String, Integer> releasedAt = new LinkedHashMap<>();
    for (int t = 1; t <= 200; t++) {
      int executor1Tasks = t < 100 ? 1 : 0;
      AllocationPolicy.Load now = releasedAt.containsKey("2") ? load(0, executor1Tasks) : load(0, executor1Tasks, 0);
      int second = t;
      policy.decide(now, at(t)).removals().forEach(r -> releasedAt.put(r.executorId(), second));
    }
    // executor 2 after 60 idle seconds; executor 1, busy until 100 s, 60 s after its task ended
    assertThat(releasedAt).containsExactly(Map.entry("2", 60), Map.entry("1", 160));
  }

  @Test
  void executorsHoldingCachedPartitions_areKept_untilTheCachedIdleTimeout() {
    AllocationPolicy keepForever = new AllocationPolicy(settings(0, 10, 2, ConfigKey.INFINITE), 1);
    AllocationPolicy.Load cachedOn1 = new AllocationPolicy.Load(0, Map.of("1", 0, "2", 0), Set.of("1"));
    keepForever.decide(cachedOn1, at(0));
    assertThat(keepForever.decide(cachedOn1, at(60)).removals()).extracting(AllocationPolicy.Removal::executorId)
        .containsExactly("2");
    assertThat(keepForever.decide(new AllocationPolicy.Load(0, Map.of("1", 0), Set.of("1")), at(100_000))
        .removals()).isEmpty();

    AllocationPolicy keepFiveMinutes = new AllocationPolicy(settings(0, 10, 2, Duration.ofMinutes(5)), 1);
    keepFiveMinutes.decide(cachedOn1, at(0));
    keepFiveMinutes.decide(cachedOn1, at(60));
    AllocationPolicy.Load stillCached = new AllocationPolicy.Load(0, Map.of("1", 0), Set.of("1"));
    assertThat(keepFiveMinutes.decide(stillCached, at(299)).removals()).isEmpty();
    assertThat(keepFiveMinutes.decide(stillCached, at(300)).removals()).singleElement()
        .extracting(AllocationPolicy.Removal::reason).isEqualTo(
            "idle for 300 s (weft.dynamicAllocation.cachedExecutorIdleTimeout; it held cached partitions)");
  }

  @Test
  void initialExecutors_areKeptUntilTheFirstTasksWait_thenTheTargetFollowsTheWork() {
    AllocationPolicy policy = new AllocationPolicy(settings(0, 10, 3, ConfigKey.INFINITE), 1);
    assertThat(policy.decide(load(0), at(0)).target()).isEqualTo(3);
    assertThat(policy.decide(load(0, idle(3)), at(30)).target()).as("no job yet, not timed out").isEqualTo(3);
    assertThat(policy.decide(load(1, idle(3)), at(31)).target()).as("one task needs one executor").isEqualTo(1);
  }

  @Test
  void aRemovalThatWasCancelled_canBeDecidedAgain() {
    AllocationPolicy policy = new AllocationPolicy(settings(0, 10, 1, ConfigKey.INFINITE), 1);
    policy.decide(load(0, 0), at(0));
    assertThat(policy.decide(load(0, 0), at(60)).removals()).hasSize(1);
    policy.removalCancelled("1");
    assertThat(policy.decide(load(0, 0), at(61)).removals()).hasSize(1);
  }

  @Test
  void settings_areValidated_namingTheValueAndTheLimit() {
    assertThatThrownBy(() -> AllocationSettings.of(WeftConfig.of(Map.of("weft.dynamicAllocation.enabled", "true",
        "weft.dynamicAllocation.minExecutors", "5", "weft.dynamicAllocation.maxExecutors", "4"))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("weft.dynamicAllocation.minExecutors=5 must be between 0 and weft.dynamicAllocation.maxExecutors"
            + " (4)");
    assertThatThrownBy(() -> AllocationSettings.of(WeftConfig.of(Map.of("weft.dynamicAllocation.enabled", "true",
        "weft.dynamicAllocation.maxExecutors", "4", "weft.executor.instances", "6"))))
        .hasMessageContaining("initial executors of dynamic allocation (6")
        .hasMessageContaining("weft.dynamicAllocation.maxExecutors (4)");
    assertThatThrownBy(() -> AllocationSettings.of(WeftConfig.of(Map.of("weft.dynamicAllocation.enabled", "true",
        "weft.dynamicAllocation.executorIdleTimeout", "10 parsecs"))))
        .hasMessageContaining("weft.dynamicAllocation.executorIdleTimeout=10 parsecs");
  }

  @Test
  void settings_defaultAsSparks() {
    assertThat(AllocationSettings.of(WeftConfig.empty())).isEmpty();
    AllocationSettings defaults = AllocationSettings.of(WeftConfig.of(Map.of("weft.dynamicAllocation.enabled", "true")))
        .orElseThrow();
    assertThat(defaults).isEqualTo(new AllocationSettings(0, Integer.MAX_VALUE, 0, Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofSeconds(60), ConfigKey.INFINITE, 1.0));
    AllocationSettings given = AllocationSettings.of(WeftConfig.of(Map.of("weft.dynamicAllocation.enabled", "true",
        "weft.dynamicAllocation.minExecutors", "1", "weft.executor.instances", "3",
        "weft.dynamicAllocation.schedulerBacklogTimeout", "500ms", "weft.dynamicAllocation.executorIdleTimeout",
        "2min"))).orElseThrow();
    assertThat(given.initialExecutors()).as("--num-executors raises it").isEqualTo(3);
    assertThat(given.sustainedSchedulerBacklogTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(given.executorIdleTimeout()).isEqualTo(Duration.ofMinutes(2));
  }
}
