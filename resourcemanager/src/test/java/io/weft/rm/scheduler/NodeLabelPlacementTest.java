package io.weft.rm.scheduler;

import static io.weft.rm.scheduler.CapacitySchedulerTest.attempt;
import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The node label filter alone and in the standard chain, and labelled partitions with queue capacities. */
class NodeLabelPlacementTest {
  private static final Resource GB = Resource.of(1024, 1);
  private static final Resource NODE = Resource.of(8192, 8);

  static NodeView node(String host, String partition, long freeMb) {
    return new NodeView(new NodeId(host, 8041), NodeView.DEFAULT_RACK, NODE, Resource.of(freeMb, 8), partition);
  }

  static PlacementContext wants(String partition) {
    return PlacementContext.anywhere(GB, 8192).inPartition(partition);
  }

  static Stream<Arguments> alone() {
    return Stream.of(
        Arguments.of("default ask, unlabelled node", node("h1", "", 8192), wants(""), null),
        Arguments.of("default ask, exclusive gpu node", node("h1", "gpu", 8192), wants(""),
            "node partition gpu, ask wants <DEFAULT_PARTITION>"),
        Arguments.of("gpu ask, gpu node", node("h1", "gpu", 8192), wants("gpu"), null),
        Arguments.of("gpu ask, unlabelled node", node("h1", "", 8192), wants("gpu"),
            "node partition <DEFAULT_PARTITION>, ask wants gpu"),
        Arguments.of("gpu ask, ssd node", node("h1", "ssd", 8192), wants("gpu"), "node partition ssd, ask wants gpu"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("alone")
  void filterAlone(String name, NodeView node, PlacementContext context, String reason) {
    assertThat(new NodeLabelFilter().rejection(node, context)).isEqualTo(reason);
  }

  static Stream<Arguments> chained() {
    List<NodeView> mixed = List.of(node("a", "", 2048), node("b", "gpu", 8192), node("c", "", 4096),
        node("d", "gpu", 1024));
    return Stream.of(
        Arguments.of("default ask takes the unlabelled node with most free, not the emptier gpu node", mixed,
            wants(""), "c"),
        Arguments.of("gpu ask takes the gpu node with most free", mixed, wants("gpu"), "b"),
        Arguments.of("ssd ask finds no node", mixed, wants("ssd"), null),
        Arguments.of("default ask with only gpu nodes finds none", List.of(node("b", "gpu", 8192)), wants(""),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chained")
  void inTheStandardChain(String name, List<NodeView> nodes, PlacementContext context, String host) {
    NodeView chosen = PlacementChain.standard(PlacementPolicy.SPREAD).choose(nodes, context);
    assertThat(chosen == null ? null : chosen.nodeId().host()).isEqualTo(host);
  }

  @Test
  void rejectionsCountTheNodesOfOtherPartitions() {
    List<NodeView> nodes = List.of(node("a", "", 512), node("b", "gpu", 8192), node("c", "gpu", 8192));
    assertThat(PlacementChain.standard(PlacementPolicy.SPREAD).rejections(nodes, wants("")))
        .containsExactly(Map.entry("node partition gpu, ask wants <DEFAULT_PARTITION>", 2),
            Map.entry(ResourceFitFilter.MEMORY, 1));
  }

  // ---- partitions and queue capacities in a scheduling pass

  private static LeafSnapshot leaf(String name, Map<String, LeafSnapshot.PartitionShare> partitions) {
    Resource defaults = Resource.of(32768, 32);
    return new LeafSnapshot("root." + name, true, 0.5, defaults, defaults, defaults, 1.0, defaults, Resource.NONE,
        Resource.NONE, Map.of(), List.of(), partitions);
  }

  private static LeafSnapshot.PartitionShare gpuShare(long maxMb) {
    return new LeafSnapshot.PartitionShare("gpu", Resource.of(maxMb, 8), Resource.of(maxMb, 8), Resource.NONE);
  }

  private static AppDemand asks(int app, String queue, String partition, int count) {
    PendingAsk ask = new PendingAsk(new AskKey(1, GB, 0), count, false, Locality.ANY, Gang.NONE, false,
        Instant.EPOCH, partition);
    return new AppDemand(attempt(app), queue, "u", 0, List.of(ask));
  }

  private static final List<NodeView> CLUSTER = List.of(node("plain1", "", 8192), node("plain2", "", 8192),
      node("gpu1", "gpu", 8192));

  @Test
  void defaultPartitionAsksNeverLandOnExclusiveNodes() {
    SchedulingPlan plan = new CapacityScheduler(PlacementPolicy.SPREAD).schedule(CLUSTER,
        List.of(leaf("a", Map.of("gpu", gpuShare(8192)))), List.of(asks(1, "a", "", 20)));
    assertThat(plan.placements()).hasSize(16)
        .allSatisfy(p -> assertThat(p.nodeId().host()).startsWith("plain"));
    assertThat(plan.waitingReasons().get(attempt(1))).contains("node partition gpu, ask wants <DEFAULT_PARTITION>");
  }

  @Test
  void labelledAsksLandOnlyOnTheirPartition() {
    SchedulingPlan plan = new CapacityScheduler(PlacementPolicy.SPREAD).schedule(CLUSTER,
        List.of(leaf("a", Map.of("gpu", gpuShare(8192)))), List.of(asks(1, "a", "gpu", 10)));
    assertThat(plan.placements()).hasSize(8).allSatisfy(p -> assertThat(p.nodeId().host()).isEqualTo("gpu1"));
  }

  @Test
  void aQueueWithAllOfTheLabelGetsItAndOneWithNoneOrNoAccessDoesNot() {
    SchedulingPlan plan = new CapacityScheduler(PlacementPolicy.SPREAD).schedule(CLUSTER,
        List.of(leaf("a", Map.of("gpu", gpuShare(8192))), leaf("b", Map.of("gpu", gpuShare(0))),
            leaf("c", Map.of())),
        List.of(asks(1, "b", "gpu", 2), asks(2, "c", "gpu", 2), asks(3, "a", "gpu", 2)));
    assertThat(plan.placements()).extracting(Placement::attemptId).containsOnly(attempt(3));
    assertThat(plan.waitingReasons().get(attempt(1)))
        .isEqualTo("queue b is at its maximum capacity in partition gpu: 0 MB, 0 vcores used of 0 MB, 8 vcores");
    assertThat(plan.waitingReasons().get(attempt(2)))
        .isEqualTo("queue c may not use node label gpu (its accessible-node-labels: none)");
  }

  @Test
  void aQueuesMaximumInAPartitionHoldsItsLabelledAsksOnly() {
    SchedulingPlan plan = new CapacityScheduler(PlacementPolicy.SPREAD).schedule(CLUSTER,
        List.of(leaf("a", Map.of("gpu", gpuShare(2048)))), List.of(asks(1, "a", "gpu", 5), asks(2, "a", "", 3)));
    assertThat(plan.placements().stream().filter(p -> p.attemptId().equals(attempt(1)))).hasSize(2);
    assertThat(plan.placements().stream().filter(p -> p.attemptId().equals(attempt(2)))).hasSize(3);
    assertThat(plan.waitingReasons().get(attempt(1))).startsWith("queue a is at its maximum capacity in partition gpu");
  }

  @Test
  void aParentsMaximumInAPartitionHoldsItsLeavesTogether_whileEachLeafAloneMayHaveAllOfTheLabel() {
    Resource defaults = Resource.of(32768, 32);
    LeafSnapshot.ParentLimit parent = new LeafSnapshot.ParentLimit("root.p", defaults, Resource.NONE,
        Map.of("gpu", Resource.of(4096, 4)), Map.of("gpu", Resource.of(1024, 1)));
    List<LeafSnapshot> leaves = Stream.of("a", "b").map(name -> new LeafSnapshot("root.p." + name, true, 0.5,
        defaults, defaults, defaults, 1.0, defaults, Resource.NONE, Resource.NONE, Map.of(), List.of(parent),
        Map.of("gpu", gpuShare(8192)))).toList();
    SchedulingPlan plan = new CapacityScheduler(PlacementPolicy.SPREAD).schedule(CLUSTER, leaves,
        List.of(asks(1, "a", "gpu", 4), asks(2, "b", "gpu", 4), asks(3, "a", "", 4)));
    assertThat(plan.placements().stream().filter(p -> p.nodeId().host().equals("gpu1"))).hasSize(3);
    assertThat(plan.placements().stream().filter(p -> p.attemptId().equals(attempt(3)))).hasSize(4);
    assertThat(plan.waitingReasons()).hasEntrySatisfying(attempt(2), reason -> assertThat(reason)
        .isEqualTo("queue root.p is at its maximum capacity in partition gpu: 4096 MB, 4 vcores used of 4096 MB, "
            + "4 vcores"));
  }

  @Test
  void theAmShareIsKeptPerPartition_anAmOnALabelDoesNotHoldBackOneOnUnlabelledNodes() {
    Resource oneAm = Resource.of(1024, Integer.MAX_VALUE);
    Resource defaults = Resource.of(32768, 32);
    LeafSnapshot a = new LeafSnapshot("root.a", true, 0.5, defaults, defaults, oneAm, 0.1, defaults, Resource.NONE,
        Resource.NONE, Map.of(), List.of(), Map.of("gpu", new LeafSnapshot.PartitionShare("gpu", NODE, NODE,
            Resource.NONE, oneAm, Resource.NONE)));
    SchedulingPlan plan = new CapacityScheduler(PlacementPolicy.SPREAD).schedule(CLUSTER, List.of(a),
        List.of(am(1, "gpu"), am(2, "gpu"), am(3, "")));
    assertThat(plan.placements()).extracting(p -> p.attemptId(), p -> p.nodeId().host().substring(0, 3))
        .containsExactlyInAnyOrder(Tuple.tuple(attempt(1), "gpu"),
            Tuple.tuple(attempt(3), "pla"));
    assertThat(plan.waitingReasons().get(attempt(2)))
        .isEqualTo("waiting for AM share of queue a in partition gpu: 1024 MB of 1024 MB used (10%)");
  }

  @Test
  void aUsersLimitInAPartitionHoldsOnlyThatUsersLabelledAsks() {
    Resource defaults = Resource.of(32768, 32);
    LeafSnapshot.PartitionShare gpu = new LeafSnapshot.PartitionShare("gpu", NODE, NODE, Resource.NONE, NODE,
        Resource.NONE, Resource.of(3072, 8), Map.of("v", Resource.of(1024, 1)));
    LeafSnapshot a = new LeafSnapshot("root.a", true, 0.5, defaults, defaults, defaults, 1.0, defaults, Resource.NONE,
        Resource.NONE, Map.of(), List.of(), Map.of("gpu", gpu));
    SchedulingPlan plan = new CapacityScheduler(PlacementPolicy.SPREAD).schedule(CLUSTER, List.of(a),
        List.of(asksAs(1, "u", "gpu", 5), asksAs(2, "v", "gpu", 5), asksAs(3, "u", "", 4)));

    assertThat(plan.placements()).extracting(p -> p.attemptId(), p -> p.nodeId().host().substring(0, 3))
        .containsOnly(Tuple.tuple(attempt(1), "gpu"), Tuple.tuple(attempt(2), "gpu"), Tuple.tuple(attempt(3), "pla"));
    assertThat(plan.placements().stream().filter(p -> p.attemptId().equals(attempt(1)))).hasSize(3);
    assertThat(plan.placements().stream().filter(p -> p.attemptId().equals(attempt(2))))
        .as("v holds 1 GB there already").hasSize(2);
    assertThat(plan.placements().stream().filter(p -> p.attemptId().equals(attempt(3)))).hasSize(4);
    assertThat(plan.waitingReasons().get(attempt(1))).isEqualTo(
        "user u is at the user limit of queue a in partition gpu: 3072 MB, 3 vcores used of 3072 MB, 8 vcores");
  }

  @Test
  void queuesTakeALabelByTheirShareOfIt_notByTheirShareOfTheUnlabelledNodes() {
    Resource defaults = Resource.of(32768, 32);
    // a holds a whole plain node and is guaranteed three quarters of gpu; b holds nothing and is guaranteed a quarter
    LeafSnapshot a = new LeafSnapshot("root.a", true, 0.5, defaults, defaults, defaults, 1.0, defaults,
        Resource.of(8192, 8), Resource.NONE, Map.of(), List.of(), Map.of("gpu",
            new LeafSnapshot.PartitionShare("gpu", Resource.of(6144, 6), NODE, Resource.NONE)));
    LeafSnapshot b = new LeafSnapshot("root.b", true, 0.5, defaults, defaults, defaults, 1.0, defaults,
        Resource.NONE, Resource.NONE, Map.of(), List.of(), Map.of("gpu",
            new LeafSnapshot.PartitionShare("gpu", Resource.of(2048, 2), NODE, Resource.NONE)));
    SchedulingPlan plan = new CapacityScheduler(PlacementPolicy.SPREAD).schedule(CLUSTER, List.of(a, b),
        List.of(asks(1, "a", "gpu", 8), asks(2, "b", "gpu", 8)));

    assertThat(plan.placements()).hasSize(8).allSatisfy(p -> assertThat(p.nodeId().host()).isEqualTo("gpu1"));
    assertThat(plan.placements().stream().filter(p -> p.attemptId().equals(attempt(1)))).hasSize(6);
    assertThat(plan.placements().stream().filter(p -> p.attemptId().equals(attempt(2)))).hasSize(2);
  }

  private static AppDemand asksAs(int app, String user, String partition, int count) {
    PendingAsk ask = new PendingAsk(new AskKey(1, GB, 0), count, false, Locality.ANY, Gang.NONE, false,
        Instant.EPOCH, partition);
    return new AppDemand(attempt(app), "a", user, 0, List.of(ask));
  }

  private static AppDemand am(int app, String partition) {
    PendingAsk ask = new PendingAsk(new AskKey(0, GB, 0), 1, true, Locality.ANY, Gang.NONE, false, Instant.EPOCH,
        partition);
    return new AppDemand(attempt(app), "a", "u", 0, List.of(ask));
  }
}
