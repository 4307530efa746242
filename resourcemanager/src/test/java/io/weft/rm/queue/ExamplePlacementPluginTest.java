package io.weft.rm.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.rm.container.Allocation;
import io.weft.rm.scheduler.CapacityScheduler;
import io.weft.rm.scheduler.NodeView;
import io.weft.rm.scheduler.PlacementChain;
import io.weft.rm.scheduler.PlacementContext;
import io.weft.rm.scheduler.PlacementFilter;
import io.weft.rm.scheduler.PlacementPolicy;
import io.weft.rm.scheduler.SchedulerSettings;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The example plugin of docs/scheduler.md ("How to add a plugin"), in a real scheduling run on the RM core. */
class ExamplePlacementPluginTest {
  /** Keeps containers off nodes whose host name matches a pattern (say, canaries being tried out). */
  record HostNameFilter(Pattern refused) implements PlacementFilter {
    @Override
    public String rejection(NodeView node, PlacementContext context) {
      return refused.matcher(node.nodeId().host()).matches() ? "host name matches " + refused : null;
    }
  }

  @Test
  void aFilterAddedToTheStandardChain_keepsContainersOffTheNodesItRefuses_andShowsInTheWaitingReason() {
    PlacementChain chain = PlacementChain.standard(PlacementPolicy.SPREAD)
        .withFilter(new HostNameFilter(Pattern.compile("canary-.*")));
    CapacityScheduler scheduler = new CapacityScheduler(SchedulerSettings.defaults(PlacementPolicy.SPREAD), chain);
    try (ClusterHarness h = new ClusterHarness(Map.of(), scheduler)) {
      h.node("canary-1").memoryMb(32768).vcores(32).add(); // spread alone would put everything here first
      h.node("n1").memoryMb(8192).vcores(8).add();
      h.node("n2").memoryMb(8192).vcores(8).add();
      ClusterHarness.App app = h.app("alice", "default"); // its AM (1 GB) goes to n1

      List<Allocation> placed = app.ask(20, 1024);

      assertThat(placed).hasSize(15).allSatisfy(a -> assertThat(a.nodeId().host()).isNotEqualTo("canary-1"));
      assertThat(h.report(app.id).waitingReason())
          .isEqualTo("no node fits 1024 MB, 1 vcores (3 nodes: not enough memory (2), host name matches canary-.* (1))");
    }
  }
}
