package io.weft.rm.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.NodeId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.rm.container.Allocation;
import io.weft.rm.container.CompletedContainer;
import io.weft.rm.core.AllocateCall;
import io.weft.rm.core.AllocateResult;
import io.weft.rm.core.AppUsage;
import io.weft.rm.scheduler.PlacementPolicy;
import io.weft.rm.scheduler.RackMapping;
import io.weft.rm.scheduler.SchedulerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Locality with delay scheduling, reservations, preemption, gang asks and anti-affinity on the real
 * RM core, with the clock moved by hand (no sleeps).
 */
class SchedulingFeaturesTest {
  private static final String P = QueueConfigParser.PREFIX;
  private static final long GB = 1024;
  private static final RackMapping RACKS = RackMapping.parse("h1=/r1,h2=/r1,h3=/r2", "test racks");

  static SchedulerSettings settings(PlacementPolicy policy, boolean preemption) {
    return new SchedulerSettings(policy, Duration.ofSeconds(3), Duration.ofSeconds(3), 0.25, preemption,
        Duration.ofSeconds(10), RACKS);
  }

  static AllocateCall.Ask any(int count, long mb) {
    return new AllocateCall.Ask(1, "*", Resource.of(mb, 1), count, 0);
  }

  /** One step of a locality case: move the clock to {@code atSeconds}, then where the container is (null: none yet). */
  record Step(int atSeconds, String host, String reason) {}

  static Stream<Arguments> localityFallBack() {
    return Stream.of(
        Arguments.of("node-local when the named host has room", true, new long[] {4 * GB, 4 * GB, 4 * GB},
            List.of(new Step(0, "h1", ""))),
        Arguments.of("host full: waits the node delay, then takes its rack", true, new long[] {512, 4 * GB, 4 * GB},
            List.of(new Step(0, null, "waiting for node-local slot on h1 (0 s of 3 s)"),
                new Step(2, null, "waiting for node-local slot on h1 (0 s of 3 s)"), new Step(3, "h2", ""))),
        Arguments.of("rack full too: waits the rack delay as well, then any node", true,
            new long[] {512, 512, 4 * GB},
            List.of(new Step(0, null, "waiting for node-local slot on h1 (0 s of 3 s)"),
                new Step(3, null, "waiting for rack-local slot in /r1 (3 s of 6 s)"), new Step(6, "h3", ""))),
        Arguments.of("relax_locality=false: never leaves the named host", false, new long[] {512, 4 * GB, 4 * GB},
            List.of(new Step(0, null, "asks only for h1 (relax_locality=false): none has 1024 MB, 1 vcores free"),
                new Step(60, null, "asks only for h1 (relax_locality=false): none has 1024 MB, 1 vcores free"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("localityFallBack")
  void locality_fallsBackNodeThenRackThenAny_afterTheDelays(String name, boolean relax, long[] hostMb,
      List<Step> steps) {
    try (ClusterHarness h = new ClusterHarness(Map.of(), settings(PlacementPolicy.SPREAD, false))) {
      h.node("am").memoryMb(2 * GB).add();
      for (int i = 0; i < 3; i++) {
        h.node("h" + (i + 1)).memoryMb(hostMb[i]).add();
      }
      ClusterHarness.App app = h.app("alice", "default");
      app.allocate(new AllocateCall.Ask(1, "h1", Resource.of(GB, 1), 1, 0),
          new AllocateCall.Ask(1, "*", Resource.of(GB, 1), 1, 0, relax, 0, 0, false));
      int now = 0;
      for (Step step : steps) {
        h.advance(Duration.ofSeconds(step.atSeconds() - now));
        now = step.atSeconds();
        app.poll();
        if (step.host() == null) {
          assertThat(app.containers).as("at %d s", now).isEmpty();
        } else {
          assertThat(app.containers).as("at %d s", now).singleElement()
              .satisfies(c -> assertThat(c.nodeId().host()).isEqualTo(step.host()));
        }
        assertThat(h.report(app.id).waitingReason()).as("at %d s", now).isEqualTo(step.reason());
      }
    }
  }

  @Test
  void locality_theNodeReportCarriesTheConfiguredRack() {
    try (ClusterHarness h = new ClusterHarness(Map.of(), settings(PlacementPolicy.SPREAD, false))) {
      h.node("h3").add();
      h.node("elsewhere").add();
      assertThat(h.core.nodes(java.util.Set.of()).join()).extracting(n -> n.nodeId().host() + n.rack())
          .containsExactlyInAnyOrder("h3/r2", "elsewhere/default-rack");
    }
  }

  @Test
  void reservation_endsTheStarvationOfALargeAsk() {
    Map<String, String> bothAmsOnOneNode = Map.of(P + "maximum-am-resource-percent", "1");
    try (ClusterHarness h = new ClusterHarness(bothAmsOnOneNode, settings(PlacementPolicy.SPREAD, false))) {
      h.node("am").memoryMb(2 * GB).add();
      ClusterHarness.App big = h.app("bob", "default");
      ClusterHarness.App small = h.app("alice", "default");
      for (int i = 1; i <= 3; i++) {
        h.node("n" + i).memoryMb(8 * GB).add();
      }
      small.ask(14, GB); // spread: 5, 5 and 4 containers, so no node has 8 GB free
      big.ask(1, 8 * GB);
      assertThat(h.report(big.id).waitingReason())
          .isEqualTo("reserved n3:8041 for 8192 MB, 1 vcores (4096 MB, 4 vcores free there now)");
      // a stream of small asks: each round one finishes and another is asked for; spread would
      // put it on the node with most free memory, the one the large ask needs
      for (int round = 0; round < 30 && big.containers.isEmpty(); round++) {
        small.releaseOldest(1);
        small.ask(1, GB);
        big.poll();
      }
      assertThat(big.containers).singleElement().satisfies(c -> assertThat(c.nodeId()).isEqualTo(
          new NodeId("n3", 8041)));
      assertThat(h.report(big.id).waitingReason()).isEmpty();
      assertThat(small.containers).hasSize(14);
    }
  }

  static Map<String, String> twoQueues() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put(P + "root.queues", "a,b");
    conf.put(P + "maximum-am-resource-percent", "1");
    conf.put(P + "root.a.capacity", "50");
    conf.put(P + "root.b.capacity", "50");
    conf.put(P + "root.a.user-limit-factor", "2");
    conf.put(P + "root.b.user-limit-factor", "2");
    return conf;
  }

  @Test
  void preemption_restoresAGuarantee_tellingTheAmFirst_andKillsWithExitStatus102() {
    try (ClusterHarness h = new ClusterHarness(twoQueues(), settings(PlacementPolicy.SPREAD, true))) {
      for (int i = 0; i < 10; i++) {
        h.node("n" + i).memoryMb(10 * GB).vcores(10).add();
      }
      ClusterHarness.App a = h.app("alice", "a");
      a.ask(1000, GB);
      assertThat(h.usedMb("a")).isEqualTo(100 * GB);
      ClusterHarness.App b = h.submit("bob", "b", GB, 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> a.allocate().toBePreempted(), l -> l.size() == 1);
      h.advance(Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(10)).until(() -> h.report(b.id).amContainer() != null);
      h.core.registerAm(b.attempt(), "localhost", 0, "").join();

      List<CompletedContainer> killed = new ArrayList<>();
      AllocateResult told = null;
      b.ask(60, GB);
      for (int i = 0; i < 3 && h.usedMb("b") < 50 * GB; i++) {
        AllocateResult r = a.allocate();
        told = told == null && !r.toBePreempted().isEmpty() ? r : told;
        killed.addAll(r.completed());
        h.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> h.usedMb("b") + h.usedMb("a") == 100 * GB);
      }
      killed.addAll(a.allocate().completed());
      assertThat(told).as("AM of queue a told before the kills").isNotNull();
      assertThat(told.preemptionGrace()).isEqualTo(Duration.ofSeconds(10));
      assertThat(h.usedMb("b")).isEqualTo(50 * GB);
      assertThat(h.usedMb("a")).isEqualTo(50 * GB);
      assertThat(killed).isNotEmpty().allSatisfy(c -> assertThat(c.exitStatus()).isEqualTo(ExitStatus.PREEMPTED));
      assertThat(h.report(a.id).amContainer()).as("the AM container is not preempted").isNotNull();
      assertThat(h.report(a.id).state().isFinal()).isFalse();

      // what the reports (REST's app) show of it: the preempted containers, and its share of queue and cluster
      AppUsage usage = h.core.appUsage().join().get(a.id);
      assertThat(usage.queuePath()).isEqualTo("root.a");
      assertThat(usage.otherContainersPreempted()).isEqualTo(killed.size());
      assertThat(usage.amContainersPreempted()).isZero();
      assertThat(usage.preemptedResource().memoryMb()).isEqualTo(killed.size() * GB);
      assertThat(usage.queueUsagePercent()).as("queue a is guaranteed half the cluster")
          .isCloseTo(2 * usage.clusterUsagePercent(), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(usage.clusterUsagePercent()).isGreaterThanOrEqualTo(50.0);
      assertThat(h.core.appUsage().join().get(b.id).otherContainersPreempted()).isZero();
    }
  }

  @Test
  void preemption_takesBackNoMoreThanTheStarvedUserMayHold() {
    Map<String, String> conf = twoQueues();
    conf.put(P + "root.b.user-limit-factor", "0.1"); // bob may hold 10% of b's 50 GB
    try (ClusterHarness h = new ClusterHarness(conf, settings(PlacementPolicy.SPREAD, true))) {
      for (int i = 0; i < 10; i++) {
        h.node("n" + i).memoryMb(10 * GB).vcores(10).add();
      }
      ClusterHarness.App a = h.app("alice", "a");
      a.ask(1000, GB);
      ClusterHarness.App b = h.submit("bob", "b", GB, 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> a.allocate().toBePreempted(), l -> l.size() == 1);
      h.advance(Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(10)).until(() -> h.report(b.id).amContainer() != null);
      h.core.registerAm(b.attempt(), "localhost", 0, "").join();
      b.ask(60, GB);
      assertThat(a.allocate().toBePreempted()).hasSize(4);
      h.advance(Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(10)).until(() -> h.usedMb("b") == 5 * GB);
      h.advance(Duration.ofSeconds(10));
      assertThat(h.usedMb("a")).isEqualTo(95 * GB);
      assertThat(a.allocate().toBePreempted()).as("b still waits, but only for its user limit").isEmpty();
    }
  }

  @Test
  void preemption_isOffByDefault() {
    try (ClusterHarness h = new ClusterHarness(twoQueues(), settings(PlacementPolicy.SPREAD, false))) {
      for (int i = 0; i < 10; i++) {
        h.node("n" + i).memoryMb(10 * GB).vcores(10).add();
      }
      ClusterHarness.App a = h.app("alice", "a");
      a.ask(1000, GB);
      h.submit("bob", "b", GB, 0);
      h.advance(Duration.ofMinutes(1));
      assertThat(a.allocate().toBePreempted()).isEmpty();
      assertThat(h.usedMb("a")).isEqualTo(100 * GB);
    }
  }

  static AllocateCall.Ask gang(int count, int min, long timeoutMs) {
    return new AllocateCall.Ask(1, "*", Resource.of(GB, 1), count, 0, true, min, timeoutMs, false);
  }

  @Test
  void gang_isPlacedAllTogetherOrNotAtAll() {
    try (ClusterHarness h = new ClusterHarness(Map.of(), settings(PlacementPolicy.SPREAD, false))) {
      h.node("n1").memoryMb(4 * GB).add();
      h.node("n2").memoryMb(4 * GB).add();
      ClusterHarness.App app = h.app("alice", "default");
      assertThat(app.allocate(gang(8, 8, 0)).allocated()).isEmpty();
      assertThat(h.report(app.id).waitingReason())
          .startsWith("gang of 8 waiting: 7 placeable (");
      assertThat(h.usedMb("default")).isEqualTo(GB);
      h.node("n3").memoryMb(4 * GB).add();
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        app.poll();
        return app.containers.size();
      }, n -> n >= 8);
      assertThat(app.containers).hasSize(8);
    }
  }

  @Test
  void gang_notPlacedWithinItsTimeout_isWithdrawnAndTheAmToldWhy() {
    try (ClusterHarness h = new ClusterHarness(Map.of(), settings(PlacementPolicy.SPREAD, false))) {
      h.node("n1").memoryMb(4 * GB).add();
      ClusterHarness.App app = h.app("alice", "default");
      app.allocate(gang(4, 4, 5000));
      h.advance(Duration.ofSeconds(4));
      assertThat(app.allocate().rejected()).isEmpty();
      h.advance(Duration.ofSeconds(1));
      AllocateResult r = app.allocate();
      assertThat(r.rejected()).singleElement().satisfies(x -> {
        assertThat(x.count()).isEqualTo(4);
        assertThat(x.reason()).startsWith("gang of 4 (of 4 containers of 1024 MB at priority 1) was not placed "
            + "within 5000 ms (last: gang of 4 waiting: 3 placeable").endsWith("the ask is withdrawn");
      });
      assertThat(h.report(app.id).waitingReason()).isEmpty();
      assertThat(app.containers).isEmpty();
    }
  }

  static Stream<Arguments> spreadAndPack() {
    return Stream.of(
        Arguments.of("pack fills one node", PlacementPolicy.PACK, false, 3, 1),
        Arguments.of("pack with anti-affinity: one container per node", PlacementPolicy.PACK, true, 3, 3),
        Arguments.of("spread fans out by itself", PlacementPolicy.SPREAD, false, 3, 3),
        Arguments.of("anti-affinity with more containers than nodes: all placed, nodes reused", PlacementPolicy.PACK,
            true, 5, 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spreadAndPack")
  void placementScoring_andAntiAffinity(String name, PlacementPolicy policy, boolean antiAffinity, int count,
      int distinctNodes) {
    try (ClusterHarness h = new ClusterHarness(Map.of(), settings(policy, false))) {
      h.node("am").memoryMb(GB).add();
      for (int i = 1; i <= 3; i++) {
        h.node("h" + i).memoryMb(8 * GB).add();
      }
      ClusterHarness.App app = h.app("alice", "default");
      app.allocate(new AllocateCall.Ask(1, "*", Resource.of(GB, 1), count, 0, true, 0, 0, antiAffinity));
      assertThat(app.containers).hasSize(count);
      assertThat(app.containers.stream().map(Allocation::nodeId).distinct().count()).isEqualTo(distinctNodes);
    }
  }

  @Test
  void sameInputs_giveTheSamePlacements() {
    List<List<String>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (ClusterHarness h = new ClusterHarness(Map.of(), settings(PlacementPolicy.PACK, false))) {
        for (int i = 5; i >= 1; i--) {
          h.node("h" + i).memoryMb(i * 2 * GB).add();
        }
        ClusterHarness.App app = h.app("alice", "default");
        app.allocate(new AllocateCall.Ask(1, "h3", Resource.of(GB, 1), 1, 0),
            new AllocateCall.Ask(1, "*", Resource.of(GB, 1), 4, 0, true, 0, 0, true),
            new AllocateCall.Ask(2, "*", Resource.of(2 * GB, 1), 3, 0, true, 3, 0, false));
        h.advance(Duration.ofSeconds(10));
        app.poll();
        runs.add(app.containers.stream().map(c -> c.priority() + "@" + c.nodeId().host()).toList());
      }
    }
    assertThat(runs.get(0)).hasSize(7).isEqualTo(runs.get(1));
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("gang larger than its ask", gang(2, 3, 0),
            "gang_min_count 3 at priority 1 exceeds num_containers 2; a gang cannot be larger than its ask"),
        Arguments.of("negative gang timeout", gang(2, 2, -1),
            "gang_min_count 2 and gang_timeout_ms -1 at priority 1 must not be negative"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badAsks_areRefusedNamingTheValueAndTheLimit(String name, AllocateCall.Ask ask, String message) {
    try (ClusterHarness h = new ClusterHarness(Map.of(), settings(PlacementPolicy.SPREAD, false))) {
      h.node("n1").add();
      ClusterHarness.App app = h.app("alice", "default");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.allocate(ask)).hasMessageContaining(message);
      assertThat(h.report(app.id).state().isFinal()).isFalse();
    }
  }

  @Test
  void badRackMapping_isRefusedNamingThePair() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RackMapping.parse("h1=/r1,h2=r2", "weft.resourcemanager.racks"))
        .hasMessage("configuration weft.resourcemanager.racks: 'h2=r2' is not host=/rack (a host name or host:port, "
            + "'=', then a rack name starting with '/')");
  }
  @Test
  void anAskResentBeforeTheAmSawWhatItGot_isNotAllocatedTwice() {
    try (ClusterHarness h = new ClusterHarness(Map.of())) {
      h.node("n1").memoryMb(2048).vcores(4).add();
      ClusterHarness.App app = h.app("alice", "default"); // its AM holds 1 GB of n1
      assertThat(app.ask(2, 2048)).as("nothing fits yet").isEmpty();
      h.node("n2").memoryMb(4096).vcores(4).add(); // both are allocated now, before the AM's next call
      await().atMost(Duration.ofSeconds(10)).until(() -> h.usedMb("default") == 1024 + 2 * 2048);

      // the AM has seen none of them, so its next call still asks for its whole total (YARN's rule)
      assertThat(app.ask(2, 2048)).hasSize(2);
      h.node("n3").memoryMb(4096).vcores(4).add();
      assertThat(app.poll()).as("nothing more: its ask was met").isEmpty();
      assertThat(h.usedMb("default")).isEqualTo(1024 + 2 * 2048);
    }
  }
}
