package io.weft.rm.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FifoSchedulerTest {
  private final FifoScheduler scheduler = FifoScheduler.spreading();

  static NodeView node(String host, long freeMb, int freeCores) {
    return new NodeView(new NodeId(host, 8041), Resource.of(8192, 8), Resource.of(freeMb, freeCores));
  }

  static ApplicationAttemptId attempt(int app) {
    return new ApplicationAttemptId(new ApplicationId(1700000000000L, app), 1);
  }

  static AppDemand demand(int app, long mb, int count) {
    return new AppDemand(attempt(app), List.of(new PendingAsk(new AskKey(1, Resource.of(mb, 1), 0), count, false)));
  }

  @Test
  void containersOfOneApp_spreadOverNodesWithMostFreeMemory() {
    SchedulingPlan plan = scheduler.schedule(List.of(node("n1", 8192, 8), node("n2", 8192, 8)),
        List.of(demand(1, 2048, 2)));
    assertThat(plan.placements()).extracting(p -> p.nodeId().host()).containsExactly("n1", "n2");
    assertThat(plan.waitingReasons()).isEmpty();
  }

  @Test
  void mostFreeMemoryWins_tiesGoToLowerNodeId() {
    SchedulingPlan plan = scheduler.schedule(List.of(node("a", 2048, 8), node("b", 4096, 8), node("c", 4096, 8)),
        List.of(demand(1, 1024, 1)));
    assertThat(plan.placements()).extracting(p -> p.nodeId().host()).containsExactly("b");
  }

  @Test
  void amContainer_isPlacedBeforeOtherAsks_andAppsInSubmissionOrder() {
    AppDemand first = new AppDemand(attempt(1), List.of(
        new PendingAsk(new AskKey(1, Resource.of(4096, 1), 0), 1, false),
        new PendingAsk(new AskKey(0, Resource.of(4096, 1), 0), 1, true)));
    SchedulingPlan plan = scheduler.schedule(List.of(node("n1", 4096, 8)), List.of(first, demand(2, 1024, 1)));
    assertThat(plan.placements()).singleElement().satisfies(p -> assertThat(p.amContainer()).isTrue());
    assertThat(plan.waitingReasons()).containsKeys(attempt(1), attempt(2));
  }

  static Stream<Arguments> waitingReasons() {
    return Stream.of(
        Arguments.of("memory", List.of(node("127.0.0.1", 8192, 8)), Resource.of(16384, 1),
            "no node has 16384 MB free (largest free: 8192 MB on 127.0.0.1:8041)"),
        Arguments.of("vcores", List.of(node("n1", 8192, 2)), Resource.of(1024, 4),
            "no node has 4 vcores free (largest free: 2 vcores on n1:8041)"),
        Arguments.of("no nodes", List.of(), Resource.of(1024, 1),
            "no NodeManager is running to place 1024 MB, 1 vcores"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("waitingReasons")
  void unplaceableAsk_getsAHumanReason(String name, List<NodeView> nodes, Resource ask, String reason) {
    AppDemand d = new AppDemand(attempt(1), List.of(new PendingAsk(new AskKey(1, ask, 0), 1, false)));
    assertThat(scheduler.schedule(nodes, List.of(d)).waitingReasons()).containsEntry(attempt(1), reason);
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
