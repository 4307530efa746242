package io.weft.rm.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.weft.common.rpc.WeftException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Capacity queues on the real RM core: shares, elasticity, limits, reasons, admission, refresh, move. */
class CapacityQueuesTest {
  private static final String P = QueueConfigParser.PREFIX;
  private static final long GB = 1024;

  /** Queues a and b under root with these settings (percent values as in the file). */
  static Map<String, String> queues(String... kv) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put(P + "root.queues", "a,b");
    conf.put(P + "maximum-am-resource-percent", "1");
    for (int i = 0; i < kv.length; i += 2) {
      conf.put(P + kv[i], kv[i + 1]);
    }
    return conf;
  }

  /** Ten nodes of 10 GB / 10 vcores: 100 GB, so MB / 1024 reads as a percentage. */
  static void hundredGb(ClusterHarness h) {
    for (int i = 0; i < 10; i++) {
      h.node("n" + i).memoryMb(10 * GB).vcores(10).add();
    }
  }

  static Stream<Arguments> shares() {
    return Stream.of(
        Arguments.of("two saturated queues at 70/30 converge to 70/30",
            queues("root.a.capacity", "70", "root.b.capacity", "30", "root.a.user-limit-factor", "10",
                "root.b.user-limit-factor", "10"), true, 70, 30),
        Arguments.of("an idle queue's capacity is lent to the busy one up to its maximum",
            queues("root.a.capacity", "70", "root.a.maximum-capacity", "80", "root.a.user-limit-factor", "10",
                "root.b.capacity", "30"), false, 80, 0),
        Arguments.of("one user is held to the queue's capacity times its user-limit-factor",
            queues("root.a.capacity", "50", "root.b.capacity", "50", "root.a.user-limit-factor", "1"),
            false, 50, 0),
        Arguments.of("a queue without a maximum takes the whole idle cluster",
            queues("root.a.capacity", "10", "root.b.capacity", "90", "root.a.user-limit-factor", "10"),
            false, 100, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shares")
  void queuesGetTheirShares(String name, Map<String, String> conf, boolean bothBusy, int aPercent, int bPercent) {
    try (ClusterHarness h = new ClusterHarness(conf)) {
      hundredGb(h);
      ClusterHarness.App a = h.app("alice", "a");
      ClusterHarness.App b = bothBusy ? h.app("bob", "b") : null;
      a.ask(1000, GB);
      if (bothBusy) {
        b.ask(1000, GB);
        for (int round = 0; round < 40; round++) {
          a.release(Math.min(5, a.containers.size()));
          b.release(Math.min(5, b.containers.size()));
        }
      }
      assertThat(h.usedMb("a") / (double) GB).isCloseTo(aPercent, within(5.0));
      assertThat(h.usedMb("b") / (double) GB).isCloseTo(bPercent, within(5.0));
    }
  }

  @Test
  void lentCapacity_returnsToItsQueue_asTheBorrowerReleases() {
    try (ClusterHarness h = new ClusterHarness(queues("root.a.capacity", "70", "root.b.capacity", "30",
        "root.a.user-limit-factor", "10", "root.b.user-limit-factor", "10"))) {
      hundredGb(h);
      ClusterHarness.App a = h.app("alice", "a");
      a.ask(1000, GB);
      assertThat(h.usedMb("a")).isEqualTo(100 * GB);
      ClusterHarness.App b = h.submit("bob", "b", GB, 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> h.report(b.id).waitingReason(),
          r -> r.equals("no node has 1024 MB free (largest free: 0 MB on n0:8041)"));
      a.release(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> h.report(b.id).amContainer() != null);
      h.core.registerAm(b.attempt(), "localhost", 0, "").join();
      b.ask(1000, GB);
      a.release(40);
      assertThat(h.usedMb("b") / (double) GB).isCloseTo(30, within(5.0));
      assertThat(h.usedMb("a") + h.usedMb("b")).isEqualTo(100 * GB);
    }
  }

  @Test
  void amShareLimit_keepsTheNextApplicationWaiting_withTheReason() {
    Map<String, String> conf = Map.of(P + "maximum-am-resource-percent", "0.1");
    try (ClusterHarness h = new ClusterHarness(conf)) {
      for (int i = 0; i < 10; i++) {
        h.node("n" + i).memoryMb(GB).vcores(4).add();
      }
      h.app("alice", "default");
      ClusterHarness.App second = h.submit("alice", "default", GB, 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> h.report(second.id).waitingReason(),
          r -> r.equals("waiting for AM share of queue default: 1024 MB of 1024 MB used (10%)"));
    }
  }

  @Test
  void userLimit_reasonNamesTheUser() {
    try (ClusterHarness h = new ClusterHarness(queues("root.a.capacity", "50", "root.b.capacity", "50"))) {
      hundredGb(h);
      ClusterHarness.App a = h.app("alice", "a");
      a.ask(1000, GB);
      assertThat(h.report(a.id).waitingReason())
          .isEqualTo("user alice is at the user limit of queue a: 51200 MB, 50 vcores used of 51200 MB, 50 vcores");
    }
  }

  static Stream<Arguments> refusedSubmissions() {
    Map<String, String> conf = queues("root.a.capacity", "50", "root.b.capacity", "50", "root.b.state", "STOPPED",
        "root.a.maximum-applications", "1", "root.acl_submit_applications", " ",
        "root.a.acl_submit_applications", "alice,carol");
    return Stream.of(
        Arguments.of("unknown queue", conf, "alice", "nope", "queue 'nope' does not exist; leaf queues are [a, b]"),
        Arguments.of("parent queue", conf, "alice", "root", "queue 'root' is a parent queue"),
        Arguments.of("STOPPED queue", conf, "alice", "b", "queue b is STOPPED; it accepts no new applications"),
        Arguments.of("denied by the submit ACL", conf, "mallory", "a", "user mallory may not submit to queue a"),
        Arguments.of("over maximum-applications", conf, "carol", "a",
            "queue a already has 1 applications, its maximum-applications 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedSubmissions")
  void submission_isRefusedWithAClearMessage(String name, Map<String, String> conf, String user, String queue,
      String message) {
    try (ClusterHarness h = new ClusterHarness(conf)) {
      hundredGb(h);
      h.app("alice", "a");
      assertThatThrownBy(() -> h.submit(user, queue, GB, 0)).isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(WeftException.class).hasMessageContaining(message);
    }
  }

  static Stream<Arguments> badRefreshes() {
    return Stream.of(
        Arguments.of("capacities not adding up to 100",
            queues("root.a.capacity", "60", "root.b.capacity", "30"), "add up to 90.0%, not 100%"),
        Arguments.of("a RUNNING queue removed",
            Map.of(P + "root.queues", "a", P + "root.a.capacity", "100"),
            "removes queue root.b, which is RUNNING"),
        Arguments.of("a queue with applications turned into a parent",
            queues("root.a.capacity", "50", "root.b.capacity", "50", "root.a.queues", "x",
                "root.a.x.capacity", "100"), "turns leaf queue root.a into a parent"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRefreshes")
  void refresh_refusesABadTreeWhole_andTheRunningQueuesStay(String name, Map<String, String> next, String message) {
    try (ClusterHarness h = new ClusterHarness(queues("root.a.capacity", "50", "root.b.capacity", "50"))) {
      hundredGb(h);
      h.app("alice", "a");
      QueueView before = h.core.queue("", true).join();
      assertThatThrownBy(() -> h.core.refreshQueues(QueueConfigParser.parse(next)).join())
          .hasMessageContaining(message);
      assertThat(h.core.queue("", true).join()).isEqualTo(before);
    }
  }

  @Test
  void refresh_addsQueuesAndChangesCapacities_andRemovesAStoppedEmptyQueue() {
    try (ClusterHarness h = new ClusterHarness(queues("root.a.capacity", "50", "root.b.capacity", "50",
        "root.b.state", "STOPPED"))) {
      QueueView root = h.core.refreshQueues(QueueConfigParser.parse(Map.of(P + "root.queues", "a,c",
          P + "root.a.capacity", "40", P + "root.c.capacity", "60"))).join();
      assertThat(root.children()).extracting(QueueView::name).containsExactly("a", "c");
      assertThat(root.children().get(0).capacity()).isEqualTo(0.4f);
      assertThat(root.children().get(1).absoluteCapacity()).isEqualTo(0.6f);
    }
  }

  @Test
  void stoppedQueue_isTheReasonAnAcceptedApplicationWaits() {
    Map<String, String> running = queues("root.a.capacity", "50", "root.b.capacity", "50");
    try (ClusterHarness h = new ClusterHarness(running)) {
      ClusterHarness.App app = h.submit("alice", "b", GB, 0);
      Map<String, String> stopped = new HashMap<>(running);
      stopped.put(P + "root.b.state", "STOPPED");
      h.core.refreshQueues(QueueConfigParser.parse(stopped)).join();
      hundredGb(h);
      await().atMost(Duration.ofSeconds(10)).until(() -> h.report(app.id).waitingReason(),
          r -> r.equals("queue b is STOPPED"));
    }
  }

  @Test
  void move_takesTheApplicationAndItsUsageToTheTargetQueue() {
    try (ClusterHarness h = new ClusterHarness(queues("root.a.capacity", "50", "root.b.capacity", "50",
        "root.a.user-limit-factor", "2", "root.b.user-limit-factor", "2"))) {
      hundredGb(h);
      ClusterHarness.App app = h.app("alice", "a");
      app.ask(9, GB);
      assertThat(h.core.moveApplication(app.id, "root.b", "alice").join().queue()).isEqualTo("b");
      assertThat(h.usedMb("a")).isZero();
      assertThat(h.usedMb("b")).isEqualTo(10 * GB);
      assertThatThrownBy(() -> h.core.moveApplication(app.id, "nope", "alice").join())
          .hasMessageContaining("queue 'nope' does not exist");
    }
  }

  static Stream<Arguments> adminAcl() {
    Map<String, String> restricted = queues("root.a.capacity", "50", "root.b.capacity", "50",
        "root.acl_administer_queue", " ", "root.a.acl_administer_queue", "carol");
    Map<String, String> byDefault = queues("root.a.capacity", "50", "root.b.capacity", "50");
    String denied = "user mallory may not %s application %s of user alice in queue a (acl_administer_queue is "
        + "'carol' on it and its parents do not allow the user either)";
    return Stream.of(
        Arguments.of("the owner may kill", restricted, "alice", "kill", null),
        Arguments.of("a queue administrator may kill", restricted, "carol", "kill", null),
        Arguments.of("anyone else may not kill", restricted, "mallory", "kill", denied),
        Arguments.of("anyone else may not move", restricted, "mallory", "move", denied),
        Arguments.of("a queue administrator may move", restricted, "carol", "move", null),
        Arguments.of("root's default ACL '*' lets anyone kill, as in YARN", byDefault, "mallory", "kill", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adminAcl")
  void administerAcl_decidesWhoMayKillOrMove(String name, Map<String, String> conf, String user, String action,
      String deniedFormat) {
    try (ClusterHarness h = new ClusterHarness(conf)) {
      hundredGb(h);
      ClusterHarness.App app = h.app("alice", "a");
      var call = action.equals("kill") ? h.core.kill(app.id, "", user) : h.core.moveApplication(app.id, "b", user);
      if (deniedFormat == null) {
        assertThat(call.join().state().isFinal()).isEqualTo(action.equals("kill"));
        return;
      }
      assertThatThrownBy(call::join).isInstanceOf(CompletionException.class).cause()
          .isInstanceOf(WeftException.class).hasMessage(String.format(deniedFormat, action, app.id));
      assertThat(h.report(app.id).state().isFinal()).isFalse();
      assertThat(h.report(app.id).queue()).isEqualTo("a");
    }
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("missing capacity", Map.of(P + "root.queues", "a"), "root.a.capacity is missing"),
        Arguments.of("maximum below capacity", Map.of(P + "root.queues", "a", P + "root.a.capacity", "100",
            P + "root.a.maximum-capacity", "50"), "must be at least the queue's capacity 100.0"),
        Arguments.of("not a number", Map.of(P + "root.queues", "a", P + "root.a.capacity", "lots"),
            "root.a.capacity=lots is refused: must be a number"),
        Arguments.of("percentage out of range", Map.of(P + "root.queues", "a", P + "root.a.capacity", "120"),
            "must be a percentage between 0 and 100"),
        Arguments.of("bad state", Map.of(P + "root.queues", "a", P + "root.a.capacity", "100",
            P + "root.a.state", "PAUSED"), "must be RUNNING or STOPPED"),
        Arguments.of("AM share as a percentage", Map.of(P + "maximum-am-resource-percent", "10"),
            "must be a fraction between 0 and 1"),
        Arguments.of("duplicate leaf names", Map.of(P + "root.queues", "x,y", P + "root.x.capacity", "50",
            P + "root.y.capacity", "50", P + "root.x.queues", "l", P + "root.y.queues", "l",
            P + "root.x.l.capacity", "100", P + "root.y.l.capacity", "100"), "leaf queue names must be unique"),
        Arguments.of("a setting for a queue not in the tree", Map.of(P + "root.queues", "a",
            P + "root.a.capacity", "100", P + "root.z.capacity", "5"), "names a queue that is not in the tree"),
        Arguments.of("a misspelt setting", Map.of(P + "root.queues", "a", P + "root.a.capacity", "100",
            P + "root.a.capasity", "5"), "is not a known queue setting"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void parser_refusesMistakes_namingTheKeyAndTheRule(String name, Map<String, String> conf, String message) {
    assertThatThrownBy(() -> QueueConfigParser.parse(conf)).isInstanceOf(WeftException.class)
        .hasMessageContaining(message);
  }

  @Test
  void noQueueConfiguration_isOneDefaultQueueWithTheWholeCluster() {
    QueueSpec root = QueueConfigParser.parse(Map.of());
    assertThat(root.leaves()).singleElement().satisfies(q -> {
      assertThat(q.path()).isEqualTo("root.default");
      assertThat(q.absoluteCapacity()).isEqualTo(1.0);
      assertThat(q.maxAmShare()).isEqualTo(0.1);
    });
    assertThat(List.of(root.submitAcl().allows("anyone"))).containsExactly(true);
  }
}
