package io.weft.rm.scheduler;

import static io.weft.rm.scheduler.CapacitySchedulerTest.attempt;
import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each placement filter and scorer alone, the chain they make, the node index's walk, and determinism. */
class PlacementPluginsTest {
  private static final Resource GB = Resource.of(1024, 1);

  /** A node of 8 GB, 8 vcores (plus {@code gpus} if any) in {@code rack}, with {@code free} free. */
  static NodeView node(String host, String rack, Resource free, long gpus) {
    Resource capability = new Resource(8192, 8, gpus > 0 ? Map.of("gpu", gpus) : Map.of());
    return new NodeView(new NodeId(host, 8041), rack, capability, free);
  }

  static NodeView node(String host, long freeMb) {
    return node(host, "/r1", Resource.of(freeMb, 8), 0);
  }

  static Resource withGpus(long mb, int vcores, long gpus) {
    return new Resource(mb, vcores, Map.of("gpu", gpus));
  }

  /**
   * One leaf holding nothing whose limits are the whole of {@code nodes} in every resource type (the
   * queue configuration scales memory and vcores only, so its limits would refuse any gpu).
   */
  static List<LeafSnapshot> wholeCluster(List<NodeView> nodes) {
    Resource total = nodes.stream().map(NodeView::capability).reduce(Resource.NONE, Resource::add);
    return List.of(new LeafSnapshot("root.default", true, 1.0, total, total, total, 1.0, total, Resource.NONE,
        Resource.NONE, Map.of(), List.of()));
  }

  static NodeId id(String host) {
    return new NodeId(host, 8041);
  }

  /** A context for {@code ask} at {@code level}; the sets name hosts of {@link #id}. */
  static PlacementContext context(Resource ask, PlacementContext.Level level, Locality locality, Set<String> racks,
      Set<String> excluded, Set<String> avoid, Set<String> reserved) {
    return new PlacementContext(ask, locality, level, racks, ids(excluded), ids(avoid), ids(reserved), 8192);
  }

  static PlacementContext anywhere(Resource ask) {
    return context(ask, PlacementContext.Level.ANY, Locality.ANY, Set.of(), Set.of(), Set.of(), Set.of());
  }

  private static Set<NodeId> ids(Set<String> hosts) {
    Set<NodeId> ids = new java.util.HashSet<>();
    hosts.forEach(h -> ids.add(id(h)));
    return ids;
  }

  private static final Locality ON_H1 = Locality.of(Set.of("h1"), Set.of(), true);
  private static final Locality ON_H1_NODE_ID = Locality.of(Set.of("h1:8041"), Set.of(), true);

  static Stream<Arguments> filters() {
    PlacementContext ask1g = anywhere(GB);
    return Stream.of(
        Arguments.of("fit: exactly the free amount fits", new ResourceFitFilter(), node("h1", 1024), ask1g, null),
        Arguments.of("fit: short of memory", new ResourceFitFilter(), node("h1", 512), ask1g,
            ResourceFitFilter.MEMORY),
        Arguments.of("fit: short of vcores", new ResourceFitFilter(), node("h1", "/r1", Resource.of(4096, 0), 0),
            ask1g, ResourceFitFilter.VCORES),
        Arguments.of("fit: an ask for a gpu on a node without one", new ResourceFitFilter(), node("h1", 4096),
            anywhere(withGpus(1024, 1, 1)), "not enough gpu"),
        Arguments.of("fit: a gpu ask on a node with two free", new ResourceFitFilter(),
            node("h1", "/r1", withGpus(4096, 4, 2), 2), anywhere(withGpus(1024, 1, 2)), null),
        Arguments.of("state: a node reserved for another ask", new NodeStateFilter(), node("h1", 4096),
            context(GB, PlacementContext.Level.ANY, Locality.ANY, Set.of(), Set.of(), Set.of(), Set.of("h1")),
            NodeStateFilter.RESERVED),
        Arguments.of("state: an open node", new NodeStateFilter(), node("h1", 4096), ask1g, null),
        Arguments.of("exclusion: a node the application excluded", new ExclusionFilter(), node("h1", 4096),
            context(GB, PlacementContext.Level.ANY, Locality.ANY, Set.of(), Set.of("h1"), Set.of(), Set.of()),
            ExclusionFilter.EXCLUDED),
        Arguments.of("exclusion: another node", new ExclusionFilter(), node("h2", 4096),
            context(GB, PlacementContext.Level.ANY, Locality.ANY, Set.of(), Set.of("h1"), Set.of(), Set.of()), null),
        Arguments.of("locality: node level, the named host", new LocalityFilter(), node("h1", 4096),
            context(GB, PlacementContext.Level.NODE, ON_H1, Set.of(), Set.of(), Set.of(), Set.of()), null),
        Arguments.of("locality: node level, named by node id", new LocalityFilter(), node("h1", 4096),
            context(GB, PlacementContext.Level.NODE, ON_H1_NODE_ID, Set.of(), Set.of(), Set.of(), Set.of()), null),
        Arguments.of("locality: node level, another host", new LocalityFilter(), node("h2", 4096),
            context(GB, PlacementContext.Level.NODE, ON_H1, Set.of(), Set.of(), Set.of(), Set.of()),
            LocalityFilter.NOT_NAMED_HOST),
        Arguments.of("locality: rack level, a node of the local rack", new LocalityFilter(), node("h2", 4096),
            context(GB, PlacementContext.Level.RACK, ON_H1, Set.of("/r1"), Set.of(), Set.of(), Set.of()), null),
        Arguments.of("locality: rack level, another rack", new LocalityFilter(), node("h3", "/r2", GB, 0),
            context(GB, PlacementContext.Level.RACK, ON_H1, Set.of("/r1"), Set.of(), Set.of(), Set.of()),
            LocalityFilter.NOT_LOCAL_RACK),
        Arguments.of("locality: any level, any node", new LocalityFilter(), node("h3", "/r2", GB, 0),
            context(GB, PlacementContext.Level.ANY, ON_H1, Set.of(), Set.of(), Set.of(), Set.of()), null),
        Arguments.of("anti-affinity: a node holding one of the ask's containers", new AntiAffinityFilter(),
            node("h1", 4096),
            context(GB, PlacementContext.Level.ANY, Locality.ANY, Set.of(), Set.of(), Set.of("h1"), Set.of()),
            AntiAffinityFilter.HOLDS_ONE),
        Arguments.of("anti-affinity: a node holding none", new AntiAffinityFilter(), node("h2", 4096),
            context(GB, PlacementContext.Level.ANY, Locality.ANY, Set.of(), Set.of(), Set.of("h1"), Set.of()), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void eachFilter_passesOrRejectsWithItsReason(String name, PlacementFilter filter, NodeView node,
      PlacementContext context, String expected) {
    assertThat(filter.rejection(node, context)).isEqualTo(expected);
  }

  static Stream<Arguments> scorers() {
    PlacementContext rackLevel = context(GB, PlacementContext.Level.RACK, ON_H1, Set.of("/r1"), Set.of(), Set.of(),
        Set.of());
    return Stream.of(
        Arguments.of("spread: the most free memory scores 100", new SpreadScorer(), node("h1", 8192), anywhere(GB), 100.0),
        Arguments.of("spread: half of the most free scores 50", new SpreadScorer(), node("h1", 4096), anywhere(GB), 50.0),
        Arguments.of("pack: half of the most free scores 50", new PackScorer(), node("h1", 4096), anywhere(GB), 50.0),
        Arguments.of("pack: the fullest node scores most", new PackScorer(), node("h1", 1024), anywhere(GB), 87.5),
        Arguments.of("locality: a named host", new LocalityPreferenceScorer(), node("h1", 1024), rackLevel, 100.0),
        Arguments.of("locality: a node of a local rack", new LocalityPreferenceScorer(), node("h2", 1024), rackLevel,
            50.0),
        Arguments.of("locality: elsewhere", new LocalityPreferenceScorer(), node("h3", "/r2", GB, 0), rackLevel, 0.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scorers")
  void eachScorer_scoresFrom0To100(String name, PlacementScorer scorer, NodeView node, PlacementContext context,
      double expected) {
    assertThat(scorer.score(node, context)).isEqualTo(expected);
  }

  @Test
  void localityPreference_appliesOnlyAtTheRackLevel() {
    LocalityPreferenceScorer scorer = new LocalityPreferenceScorer();
    assertThat(scorer.appliesTo(anywhere(GB))).isFalse();
    assertThat(scorer.appliesTo(context(GB, PlacementContext.Level.NODE, ON_H1, Set.of(), Set.of(), Set.of(),
        Set.of()))).isFalse();
    assertThat(scorer.appliesTo(context(GB, PlacementContext.Level.RACK, ON_H1, Set.of("/r1"), Set.of(), Set.of(),
        Set.of()))).isTrue();
  }

  static Stream<Arguments> chains() {
    List<NodeView> three = List.of(node("a", 2048), node("b", 4096), node("c", 4096));
    PlacementContext rackLevel = context(GB, PlacementContext.Level.RACK, ON_H1, Set.of("/r1"), Set.of(), Set.of(),
        Set.of());
    return Stream.of(
        Arguments.of("spread: most free memory, the lower id among equals", PlacementChain.standard(PlacementPolicy.SPREAD),
            three, anywhere(GB), "b"),
        Arguments.of("pack: least free memory that fits", PlacementChain.standard(PlacementPolicy.PACK), three,
            anywhere(GB), "a"),
        Arguments.of("pack: a node short of memory is filtered out", PlacementChain.standard(PlacementPolicy.PACK),
            three, anywhere(Resource.of(3072, 1)), "b"),
        Arguments.of("spread: an excluded node is never used", PlacementChain.standard(PlacementPolicy.SPREAD), three,
            context(GB, PlacementContext.Level.ANY, Locality.ANY, Set.of(), Set.of("b"), Set.of(), Set.of()), "c"),
        Arguments.of("spread: only gpu nodes take a gpu ask", PlacementChain.standard(PlacementPolicy.SPREAD),
            List.of(node("a", 8192), node("g", "/r1", withGpus(2048, 8, 1), 1)), anywhere(withGpus(1024, 1, 1)),
            "g"),
        Arguments.of("rack level: the named host outranks a rack node with more free memory",
            PlacementChain.standard(PlacementPolicy.SPREAD), List.of(node("h1", 1024), node("h2", 8192)), rackLevel,
            "h1"),
        Arguments.of("an added scorer that outweighs spread", PlacementChain.standard(PlacementPolicy.SPREAD)
            .withScorer((n, c) -> n.nodeId().host().equals("a") ? 100 : 0, 5), three, anywhere(GB), "a"),
        Arguments.of("nothing passes: no node", PlacementChain.standard(PlacementPolicy.SPREAD), three,
            anywhere(Resource.of(8192, 1)), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chains")
  void theChain_picksTheBestNodeThatPassesEveryFilter(String name, PlacementChain chain, List<NodeView> nodes,
      PlacementContext context, String expected) {
    NodeView picked = chain.choose(nodes, context);
    assertThat(picked == null ? null : picked.nodeId().host()).isEqualTo(expected);
    List<NodeView> reversed = new ArrayList<>(nodes);
    Collections.reverse(reversed);
    NodeView again = chain.choose(reversed, context);
    assertThat(again).as("the order of the candidates does not matter").isEqualTo(picked);
  }

  @Test
  void rejections_areCountedByReason_mostFrequentFirst() {
    PlacementChain chain = PlacementChain.standard(PlacementPolicy.SPREAD);
    List<NodeView> nodes = List.of(node("a", 512), node("b", 512), node("c", 4096), node("d", 4096));
    PlacementContext context = context(GB, PlacementContext.Level.ANY, Locality.ANY, Set.of(), Set.of("c"), Set.of(),
        Set.of("d"));
    assertThat(chain.rejections(nodes, context)).containsExactly(Map.entry(ResourceFitFilter.MEMORY, 2),
        Map.entry(ExclusionFilter.EXCLUDED, 1), Map.entry(NodeStateFilter.RESERVED, 1));
  }

  static Stream<Arguments> walks() {
    List<NodeView> nodes = List.of(node("a", 2048), node("b", 8192), node("c", 8192),
        node("g1", "/r1", withGpus(4096, 4, 2), 2), node("g2", "/r1", withGpus(4096, 4, 0), 1),
        node("v0", "/r1", Resource.of(8192, 0), 0));
    return Stream.of(
        Arguments.of("most free memory first, the lower id among equals", nodes, GB,
            PlacementScorer.IndexOrder.MOST_FREE_MEMORY, List.of("b", "c", "v0", "g1", "g2", "a")),
        Arguments.of("least free memory first, only nodes with enough memory", nodes, Resource.of(4096, 1),
            PlacementScorer.IndexOrder.LEAST_FREE_MEMORY, List.of("g1", "g2", "b", "c", "v0")),
        Arguments.of("a gpu ask: only the nodes with enough gpus free", nodes, withGpus(1024, 1, 1),
            PlacementScorer.IndexOrder.MOST_FREE_MEMORY, List.of("g1")),
        Arguments.of("more vcores than any node has free: nothing", nodes, Resource.of(1024, 9),
            PlacementScorer.IndexOrder.MOST_FREE_MEMORY, List.of()),
        Arguments.of("more gpus than any node has free: nothing", nodes, withGpus(1024, 1, 3),
            PlacementScorer.IndexOrder.MOST_FREE_MEMORY, List.of()),
        Arguments.of("a resource type no node has: nothing", nodes, new Resource(1024, 1, Map.of("fpga", 1L)),
            PlacementScorer.IndexOrder.MOST_FREE_MEMORY, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("walks")
  void theIndex_offersOnlyNodesThatMayFit(String name, List<NodeView> nodes, Resource ask,
      PlacementScorer.IndexOrder order, List<String> expected) {
    List<String> hosts = new ArrayList<>();
    for (Iterator<NodeView> it = NodeIndex.of(nodes).walk(ask, order).nodes(); it.hasNext(); ) {
      hosts.add(it.next().nodeId().host());
    }
    assertThat(hosts).isEqualTo(expected);
  }

  @Test
  void theIndex_keepsEveryDimensionAsNodesChange() {
    NodeIndex index = NodeIndex.of(List.of(node("g1", "/r1", withGpus(4096, 4, 1), 1)));
    Resource gpuAsk = withGpus(1024, 1, 1);
    assertThat(index.anyFits(gpuAsk)).isTrue();
    index.take(index.node(id("g1")), gpuAsk);
    assertThat(index.anyFits(gpuAsk)).as("the only gpu is taken").isFalse();
    assertThat(index.anyFits(GB)).as("memory and vcores are left").isTrue();
    index.rollback();
    assertThat(index.anyFits(gpuAsk)).isTrue();
    index.remove(id("g1"));
    assertThat(index.anyFits(GB)).isFalse();
  }

  @Test
  void settlingAPass_keepsTheTakesOfTheNodesToBeRefiled_andUndoesTheRest() {
    NodeIndex index = NodeIndex.of(List.of(node("a", 8192), node("b", 8192), node("c", 8192)));
    index.take(index.node(id("a")), GB);
    index.take(index.node(id("a")), GB);
    index.take(index.node(id("b")), GB);
    index.setFree(index.node(id("c")), Resource.NONE); // reserved during the pass
    index.settle(Set.of(id("a")));
    assertThat(index.node(id("a")).free().memoryMb()).isEqualTo(6144);
    assertThat(index.node(id("b")).free().memoryMb()).isEqualTo(8192);
    assertThat(index.node(id("c")).free().memoryMb()).isEqualTo(8192);
    assertThat(index.free().memoryMb()).isEqualTo(6144 + 2 * 8192);
    assertThat(index.mark()).as("nothing left to undo").isZero();
    index.put(index.node(id("a")).withFree(Resource.of(7168, 7))); // the core re-files it from the real node
    assertThat(index.mostFreeMemory().nodeId()).isEqualTo(id("b"));
    assertThat(index.free().memoryMb()).isEqualTo(7168 + 2 * 8192);
  }

  @Test
  void gpuAsks_goToGpuNodes_andAWaitingReasonCountsWhyNodesWereRefused() {
    List<NodeView> nodes = List.of(node("a", 8192), node("b", 8192), node("g", "/r1", withGpus(8192, 8, 1), 1));
    AppDemand gpus = new AppDemand(attempt(1), "default", "alice", 0,
        List.of(new PendingAsk(new AskKey(1, withGpus(1024, 1, 1), 0), 2, false)));
    SchedulingPlan plan = new CapacityScheduler(PlacementPolicy.SPREAD).schedule(nodes, wholeCluster(nodes),
        List.of(gpus));
    assertThat(plan.placements()).extracting(p -> p.nodeId().host()).containsExactly("g");
    assertThat(plan.waitingReasons()).containsEntry(attempt(1),
        "no node fits 1024 MB, 1 vcores, gpu 1 (3 nodes: not enough gpu (3))");
  }

  @Test
  void anExcludedNode_isCountedInTheWaitingReason() {
    List<NodeView> nodes = List.of(node("a", 512), node("b", 512), node("c", 4096));
    AppDemand demand = new AppDemand(attempt(1), "default", "alice", 0,
        List.of(new PendingAsk(new AskKey(1, GB, 0), 1, false)), Map.of(), Set.of(id("c")));
    SchedulingPlan plan = new CapacityScheduler(PlacementPolicy.SPREAD).schedule(nodes, wholeCluster(nodes),
        List.of(demand));
    assertThat(plan.waitingReasons()).containsEntry(attempt(1),
        "no node fits 1024 MB, 1 vcores (3 nodes: not enough memory (2), excluded by the application (1))");
  }

  /** Nodes in a random order (from the seed) and mixed asks: the plan is the same for every seed. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 7, 42, 2026})
  void samePlan_whateverTheOrderNodesWereAddedIn(long seed) {
    List<NodeView> nodes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      long gpus = i % 5 == 0 ? 2 : 0;
      Resource free = new Resource(1024L * (1 + i % 8), 1 + i % 4, gpus > 0 ? Map.of("gpu", gpus) : Map.of());
      nodes.add(node(String.format("n%02d", i), "/r" + i % 3, free, gpus));
    }
    List<AppDemand> demand = List.of(
        new AppDemand(attempt(1), "default", "alice", 0,
            List.of(new PendingAsk(new AskKey(1, Resource.of(2048, 2), 0), 15, false))),
        new AppDemand(attempt(2), "default", "bob", 0,
            List.of(new PendingAsk(new AskKey(1, withGpus(1024, 1, 1), 0), 6, false))));
    for (PlacementPolicy policy : PlacementPolicy.values()) {
      CapacityScheduler scheduler = new CapacityScheduler(policy);
      SchedulingPlan expected = scheduler.schedule(nodes, wholeCluster(nodes), demand);
      List<NodeView> shuffled = new ArrayList<>(nodes);
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(scheduler.schedule(shuffled, wholeCluster(shuffled), demand)).as(policy.name()).isEqualTo(expected);
      assertThat(expected.placements()).as(policy.name()).hasSize(21);
    }
  }
}
