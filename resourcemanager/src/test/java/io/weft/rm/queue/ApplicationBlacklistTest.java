package io.weft.rm.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduler never places an application's containers on a node its AM excluded (YARN's blacklist). */
class ApplicationBlacklistTest {
  private static final long GB = 1024;

  @Test
  void excludedNode_getsNoneOfTheApplicationsContainers_untilRemovedFromTheBlacklist() {
    try (ClusterHarness h = new ClusterHarness(Map.of())) {
      h.node("am").memoryMb(GB).add();
      ClusterHarness.App app = h.app("alice", "default");
      NodeId bad = h.node("bad").memoryMb(16 * GB).add(); // the emptiest: spread would pick it first
      NodeId good = h.node("good").memoryMb(4 * GB).add();

      app.ask(6, GB, List.of(bad.toString()), List.of());
      app.poll();
      assertThat(app.containers).hasSize(4).allSatisfy(c -> assertThat(c.nodeId()).isEqualTo(good));

      app.ask(2, GB, List.of(), List.of(bad.toString()));
      app.poll();
      assertThat(app.containers).hasSize(6).filteredOn(c -> c.nodeId().equals(bad)).hasSize(2);
    }
  }

  @Test
  void aHostNameExcludesEveryNodeOnThatHost() {
    try (ClusterHarness h = new ClusterHarness(Map.of())) {
      h.node("am").memoryMb(GB).add();
      ClusterHarness.App app = h.app("alice", "default");
      h.node("bad").memoryMb(16 * GB).add();
      NodeId good = h.node("good").memoryMb(4 * GB).add();
      app.ask(2, GB, List.of("bad"), List.of());
      app.poll();
      assertThat(app.containers).hasSize(2).allSatisfy(c -> assertThat(c.nodeId()).isEqualTo(good));
    }
  }
}
