package io.weft.rm.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.resource.Resource;
import io.weft.rm.scheduler.LeafSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queues' node label keys: accessible labels, per-label capacities, default expressions, and mistakes. */
class QueueNodeLabelsConfigTest {
  private static final String P = QueueConfigParser.PREFIX;

  private static Map<String, String> twoQueues() {
    Map<String, String> c = new HashMap<>();
    c.put(P + "root.queues", "a,b");
    c.put(P + "root.a.capacity", "60");
    c.put(P + "root.b.capacity", "40");
    c.put(P + "root.a.accessible-node-labels", "gpu,ssd");
    c.put(P + "root.a.accessible-node-labels.gpu.capacity", "100");
    c.put(P + "root.a.accessible-node-labels.ssd.capacity", "30");
    c.put(P + "root.a.accessible-node-labels.ssd.maximum-capacity", "50");
    c.put(P + "root.a.default-node-label-expression", "gpu");
    c.put(P + "root.b.accessible-node-labels", "ssd");
    c.put(P + "root.b.accessible-node-labels.ssd.capacity", "70");
    return c;
  }

  @Test
  void parsesAccessibleLabelsCapacitiesAndDefaults() {
    QueueSpec root = QueueConfigParser.parse(twoQueues());
    NodeLabelAccess a = root.find("a").orElseThrow().labels();
    assertThat(a.accessible()).containsExactlyInAnyOrder("gpu", "ssd");
    assertThat(a.capacity("ssd").absoluteCapacity()).isEqualTo(0.3);
    assertThat(a.capacity("ssd").absoluteMaximumCapacity()).isEqualTo(0.5);
    assertThat(a.defaultExpression()).isEqualTo("gpu");
    assertThat(root.find("b").orElseThrow().labels().mayUse("gpu")).isFalse();
  }

  @Test
  void leavesGetTheirShareOfEachPartitionTheyMayUse_andDefaultPartitionLimitsFromUnlabelledNodes() {
    Queues queues = new Queues(QueueConfigParser.parse(twoQueues()));
    Partitions partitions = new Partitions(Resource.of(10_000, 10),
        Map.of("gpu", Resource.of(8000, 8), "ssd", Resource.of(20_000, 20)), Map.of());
    List<LeafSnapshot> leaves = queues.snapshot(partitions, new QueueUsage());
    LeafSnapshot a = leaves.get(0);
    assertThat(a.guaranteed()).isEqualTo(Resource.of(6000, 6));
    assertThat(a.partitions()).containsOnlyKeys("gpu", "ssd");
    assertThat(a.partitions().get("gpu").maximum()).isEqualTo(Resource.of(8000, 8));
    assertThat(a.partitions().get("ssd").guaranteed()).isEqualTo(Resource.of(6000, 6));
    assertThat(a.partitions().get("ssd").maximum()).isEqualTo(Resource.of(10_000, 10));
    assertThat(leaves.get(1).partitions()).containsOnlyKeys("ssd");
  }

  @Test
  void aParentsMaximumOnALabelAndWhatItsLeavesHoldThereReachTheScheduler() {
    Map<String, String> c = new HashMap<>();
    c.put(P + "root.queues", "p,q");
    c.put(P + "root.p.capacity", "50");
    c.put(P + "root.q.capacity", "50");
    c.put(P + "root.p.queues", "a,b");
    c.put(P + "root.p.a.capacity", "50");
    c.put(P + "root.p.b.capacity", "50");
    c.put(P + "root.p.accessible-node-labels", "gpu");
    c.put(P + "root.p.accessible-node-labels.gpu.capacity", "50");
    c.put(P + "root.p.accessible-node-labels.gpu.maximum-capacity", "50");
    c.put(P + "root.q.accessible-node-labels", "gpu");
    c.put(P + "root.q.accessible-node-labels.gpu.capacity", "50");
    Queues queues = new Queues(QueueConfigParser.parse(c));
    Partitions partitions = new Partitions(Resource.of(10_000, 10), Map.of("gpu", Resource.of(8000, 8)),
        Map.of("a", Map.of("gpu", Resource.of(1000, 1)), "b", Map.of("gpu", Resource.of(2000, 2))));
    LeafSnapshot.ParentLimit p = queues.snapshot(partitions, new QueueUsage()).get(0).ancestorMaximums().get(0);
    assertThat(p.path()).isEqualTo("root.p");
    assertThat(p.labelMaximums()).containsExactly(Map.entry("gpu", Resource.of(4000, 4)));
    assertThat(p.labelUsed()).containsExactly(Map.entry("gpu", Resource.of(3000, 3)));
  }

  @Test
  void withoutLabelKeysEveryQueueMayUseEveryLabel_withNoGuarantee_asInYarn() {
    QueueSpec root = QueueConfigParser.parse(Map.of());
    NodeLabelAccess leaf = root.find("default").orElseThrow().labels();
    assertThat(leaf.mayUse("gpu")).isTrue();
    assertThat(leaf.capacity("gpu").absoluteCapacity()).isZero();
    assertThat(leaf.capacity("gpu").absoluteMaximumCapacity()).isEqualTo(1.0);
  }

  @Test
  void mistakesAreRefusedNamingKeyAndValue() {
    Map<String, String> sum = twoQueues();
    sum.put(P + "root.b.accessible-node-labels.ssd.capacity", "50");
    assertThatThrownBy(() -> QueueConfigParser.parse(sum))
        .hasMessageContaining("the capacities of its children in partition ssd add up to 80.0%, not 100%");

    Map<String, String> notAccessible = twoQueues();
    notAccessible.put(P + "root.b.accessible-node-labels.gpu.capacity", "10");
    assertThatThrownBy(() -> QueueConfigParser.parse(notAccessible))
        .hasMessageContaining(P + "root.b.accessible-node-labels.gpu.capacity=10 is refused: label gpu is not in "
            + "the queue's accessible-node-labels (ssd)");

    Map<String, String> badDefault = twoQueues();
    badDefault.put(P + "root.b.default-node-label-expression", "gpu");
    assertThatThrownBy(() -> QueueConfigParser.parse(badDefault))
        .hasMessageContaining("root.b.default-node-label-expression=gpu is refused: the queue may not use that label");

    Map<String, String> badName = twoQueues();
    badName.put(P + "root.b.accessible-node-labels", "s s d");
    assertThatThrownBy(() -> QueueConfigParser.parse(badName))
        .hasMessageContaining("root.b.accessible-node-labels=s s d is refused");

    Map<String, String> overMax = twoQueues();
    overMax.put(P + "root.a.accessible-node-labels.ssd.maximum-capacity", "20");
    assertThatThrownBy(() -> QueueConfigParser.parse(overMax))
        .hasMessageContaining("must be at least the queue's capacity 30.0 in partition ssd");
  }
}
