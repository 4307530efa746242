package io.weft.rm.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.rm.queue.QueueConfigParser;
import io.weft.rm.queue.QueueUsage;
import io.weft.rm.queue.Queues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure capacity scheduler over one snapshot: placement policy, ordering, reasons, determinism. */
class CapacitySchedulerTest {
  private final CapacityScheduler spread = new CapacityScheduler(PlacementPolicy.SPREAD);

  static NodeView node(String host, long freeMb, int freeCores) {
    return new NodeView(new NodeId(host, 8041), Resource.of(8192, 8), Resource.of(freeMb, freeCores));
  }

  static ApplicationAttemptId attempt(int app) {
    return new ApplicationAttemptId(new ApplicationId(1700000000000L, app), 1);
  }

  static AppDemand demand(int app, long mb, int count) {
    return new AppDemand(attempt(app), "default", "alice", 0,
        List.of(new PendingAsk(new AskKey(1, Resource.of(mb, 1), 0), count, false)));
  }

  /** The unconfigured tree (one default leaf with all of the cluster) over {@code nodes}. */
  static List<LeafSnapshot> defaultQueue(List<NodeView> nodes) {
    Resource total = nodes.stream().map(NodeView::capability).reduce(Resource.NONE, Resource::add);
    return new Queues(QueueConfigParser.parse(Map.of())).snapshot(total, new QueueUsage());
  }

  SchedulingPlan schedule(CapacityScheduler scheduler, List<NodeView> nodes, List<AppDemand> demand) {
    return scheduler.schedule(nodes, defaultQueue(nodes), demand);
  }

  static Stream<Arguments> placements() {
    return Stream.of(
        Arguments.of("spread fans an application out over the nodes with most free memory", PlacementPolicy.SPREAD,
            List.of(node("n1", 8192, 8), node("n2", 8192, 8)), 2, List.of("n1", "n2")),
        Arguments.of("spread: most free memory wins, ties go to the lower node id", PlacementPolicy.SPREAD,
            List.of(node("a", 2048, 8), node("b", 4096, 8), node("c", 4096, 8)), 1, List.of("b")),
        Arguments.of("pack fills the fullest node that still fits first", PlacementPolicy.PACK,
            List.of(node("a", 8192, 8), node("b", 4096, 8), node("c", 1024, 8)), 3, List.of("c", "b", "b")),
        Arguments.of("pack skips a node without the vcores", PlacementPolicy.PACK,
            List.of(node("a", 8192, 8), node("b", 2048, 0)), 1, List.of("a")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("placements")
  void placementPolicy_picksNodes(String name, PlacementPolicy policy, List<NodeView> nodes, int count,
      List<String> hosts) {
    SchedulingPlan plan = schedule(new CapacityScheduler(policy), nodes, List.of(demand(1, 1024, count)));
    assertThat(plan.placements()).extracting(p -> p.nodeId().host()).containsExactlyElementsOf(hosts);
  }

  @Test
  void amContainer_isPlacedBeforeOtherAsks_andAppsInSubmissionOrder() {
    AppDemand first = new AppDemand(attempt(1), "default", "alice", 0, List.of(
        new PendingAsk(new AskKey(1, Resource.of(4096, 1), 0), 1, false),
        new PendingAsk(new AskKey(0, Resource.of(4096, 1), 0), 1, true)));
    SchedulingPlan plan = schedule(spread, List.of(node("n1", 4096, 8)), List.of(first, demand(2, 1024, 1)));
    assertThat(plan.placements()).singleElement().satisfies(p -> assertThat(p.amContainer()).isTrue());
    assertThat(plan.waitingReasons()).containsKeys(attempt(1), attempt(2));
  }

  @Test
  void higherApplicationPriority_isServedFirstWithinAQueue() {
    AppDemand low = demand(1, 4096, 1);
    AppDemand high = new AppDemand(attempt(2), "default", "alice", 5, demand(2, 4096, 1).asks());
    SchedulingPlan plan = schedule(spread, List.of(node("n1", 4096, 8)), List.of(low, high));
    assertThat(plan.placements()).singleElement().satisfies(p -> assertThat(p.attemptId()).isEqualTo(attempt(2)));
  }

  static Stream<Arguments> waitingReasons() {
    return Stream.of(
        Arguments.of("memory", List.of(node("127.0.0.1", 8192, 8)), Resource.of(16384, 1),
            "no node has 16384 MB free (largest free: 8192 MB on 127.0.0.1:8041)"),
        Arguments.of("half a node's vcores: reserves it", List.of(node("n1", 8192, 2)), Resource.of(1024, 4),
            "reserved n1:8041 for 1024 MB, 4 vcores (8192 MB, 2 vcores free there now)"),
        Arguments.of("vcores", List.of(node("n1", 8192, 0)), Resource.of(1024, 1),
            "no node has 1 vcores free (largest free: 0 vcores on n1:8041)"),
        Arguments.of("no nodes", List.of(), Resource.of(1024, 1),
            "no NodeManager is running to place 1024 MB, 1 vcores"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("waitingReasons")
  void unplaceableAsk_getsAHumanReason(String name, List<NodeView> nodes, Resource ask, String reason) {
    AppDemand d = new AppDemand(attempt(1), "default", "alice", 0,
        List.of(new PendingAsk(new AskKey(1, ask, 0), 1, false)));
    assertThat(schedule(spread, nodes, List.of(d)).waitingReasons()).containsEntry(attempt(1), reason);
  }

  @Test
  void sameInputs_giveTheSamePlan_whateverTheOrderNodesArriveIn() {
    List<NodeView> nodes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      nodes.add(node(String.format("n%02d", i), 1024L * (1 + i % 7), 1 + i % 5));
    }
    List<AppDemand> demand = List.of(demand(1, 1024, 40), demand(2, 2048, 30), demand(3, 512, 25));
    SchedulingPlan first = schedule(spread, nodes, demand);
    List<NodeView> shuffled = new ArrayList<>(nodes);
    Collections.shuffle(shuffled, new Random(42));
    assertThat(schedule(spread, shuffled, demand)).isEqualTo(first);
    assertThat(first.placements()).isNotEmpty();
  }

  @Test
  void askTable_replacesTotals_andCountsDownOnAllocation() {
    AskTable table = new AskTable();
    AskKey key = new AskKey(1, Resource.of(1024, 1), 0);
    table.update(key, 3, false);
    table.update(key, 2, false);
    table.allocated(key);
    assertThat(table.pending()).singleElement().satisfies(a -> assertThat(a.count()).isEqualTo(1));
    table.allocated(key);
    assertThat(table.isEmpty()).isTrue();
  }
}
