package io.weft.rm.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The index hands out nodes by free memory and, among equals, in node-id order, however the nodes joined: in id
 * order, in reverse, at random, or always between the same two (which runs out of room between their ranks and
 * renumbers every node).
 */
class NodeIndexOrderTest {
  private static final Resource CAPABILITY = Resource.of(8192, 8);

  @Test
  void nodesJoiningInIdOrder_comeInIdOrderAmongEquals() {
    assertOrdersMatch(ids(3_000), new Random(1));
  }

  @Test
  void nodesJoiningInReverse_orAtRandom_comeInIdOrderAmongEquals() {
    List<NodeId> reversed = ids(2_000);
    Collections.reverse(reversed);
    assertOrdersMatch(reversed, new Random(2));
    List<NodeId> shuffled = ids(2_000);
    Collections.shuffle(shuffled, new Random(3));
    assertOrdersMatch(shuffled, new Random(4));
  }

  /** Each new host sorts just above "a" and below every host before it: the gap below them halves each time. */
  @Test
  void nodesJoiningBetweenTheSameTwo_renumberAndKeepTheOrder() {
    List<NodeId> joining = new ArrayList<>(List.of(new NodeId("a", 1), new NodeId("b", 1)));
    for (int zeros = 200; zeros > 0; zeros--) {
      joining.add(new NodeId("a" + "0".repeat(zeros), 1)); // "a" < "a0" < "a00" < ... < "b"
    }
    assertOrdersMatch(joining, new Random(5));
  }

  /** A renumbering re-files every node: the counts of free vcores must not count them twice. */
  @Test
  void afterARenumbering_freeVcoresNoNodeHasAnyMore_areNotOffered() {
    NodeIndex index = new NodeIndex();
    List<NodeId> joining = new ArrayList<>(List.of(new NodeId("a", 1), new NodeId("b", 1)));
    for (int zeros = 40; zeros > 0; zeros--) {
      joining.add(new NodeId("a" + "0".repeat(zeros), 1)); // enough between the same two to renumber
    }
    joining.forEach(id -> index.put(new NodeView(id, CAPABILITY, CAPABILITY)));
    joining.forEach(id -> index.put(new NodeView(id, CAPABILITY, Resource.of(8192, 4))));

    assertThat(ids(index.walk(Resource.of(1024, 5), PlacementScorer.IndexOrder.MOST_FREE_MEMORY)))
        .as("no node has 5 vcores free").isEmpty();
    assertThat(ids(index.walk(Resource.of(1024, 4), PlacementScorer.IndexOrder.MOST_FREE_MEMORY)))
        .hasSize(joining.size());
  }

  @Test
  void aNodeWithMoreThanTheKeysHold_isStillOffered_andComesFirst() {
    long huge = 1L << 40; // 1 EB in MB: beyond the 4 PB the packed keys hold
    NodeIndex index = NodeIndex.of(List.of(
        new NodeView(new NodeId("big", 1), Resource.of(huge, 8), Resource.of(huge, 8)),
        new NodeView(new NodeId("small", 1), CAPABILITY, CAPABILITY)));
    assertThat(hosts(index.walk(Resource.of(huge - 1, 1), PlacementScorer.IndexOrder.LEAST_FREE_MEMORY)))
        .containsExactly("big");
    assertThat(hosts(index.walk(Resource.of(1024, 1), PlacementScorer.IndexOrder.MOST_FREE_MEMORY)))
        .containsExactly("big", "small");
    assertThat(index.largestFreeMb()).isEqualTo(huge);
  }

  private static List<NodeId> ids(int count) {
    List<NodeId> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(new NodeId(String.format("host-%05d", i / 2), 8041 + i % 2));
    }
    return ids;
  }

  /**
   * Adds the nodes in the order given with a few distinct free amounts, changes some, drops some, and checks both
   * walks against a sort by (free memory, node id).
   */
  private static void assertOrdersMatch(List<NodeId> joining, Random random) {
    NodeIndex index = new NodeIndex();
    Map<NodeId, NodeView> expected = new HashMap<>();
    for (NodeId id : joining) {
      NodeView node = new NodeView(id, CAPABILITY, Resource.of(1024L * random.nextInt(9), 8));
      index.put(node);
      expected.put(id, node);
    }
    for (NodeId id : joining) {
      int change = random.nextInt(10);
      if (change == 0) {
        index.remove(id);
        expected.remove(id);
      } else if (change < 4) {
        NodeView node = expected.get(id).withFree(Resource.of(1024L * random.nextInt(9), 8));
        index.put(node);
        expected.put(id, node);
      }
    }
    Comparator<NodeView> byFreeThenId = Comparator.<NodeView>comparingLong(n -> n.free().memoryMb())
        .thenComparing(NodeView::nodeId);
    List<String> leastFirst = expected.values().stream().filter(n -> n.free().memoryMb() >= 2048)
        .sorted(byFreeThenId).map(n -> n.nodeId().toString()).toList();
    List<String> mostFirst = expected.values().stream().filter(n -> n.free().memoryMb() >= 1024)
        .sorted(Comparator.<NodeView>comparingLong(n -> -n.free().memoryMb()).thenComparing(NodeView::nodeId))
        .map(n -> n.nodeId().toString()).toList();

    assertThat(ids(index.walk(Resource.of(2048, 1), PlacementScorer.IndexOrder.LEAST_FREE_MEMORY)))
        .isEqualTo(leastFirst);
    assertThat(ids(index.walk(Resource.of(1024, 1), PlacementScorer.IndexOrder.MOST_FREE_MEMORY)))
        .isEqualTo(mostFirst);
    assertThat(index.nodes()).hasSize(expected.size());
  }

  private static List<String> ids(NodeIndex.Walk walk) {
    List<String> ids = new ArrayList<>();
    for (Iterator<NodeView> it = walk.nodes(); it.hasNext(); ) {
      ids.add(it.next().nodeId().toString());
    }
    return ids;
  }

  private static List<String> hosts(NodeIndex.Walk walk) {
    List<String> hosts = new ArrayList<>();
    for (Iterator<NodeView> it = walk.nodes(); it.hasNext(); ) {
      hosts.add(it.next().nodeId().host());
    }
    return hosts;
  }
}
