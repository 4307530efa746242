package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.rm.container.Allocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node that registers again replaces its record: the scheduler places on the new record's free resources, not on
 * what the replaced record held.
 */
class NodeRegisteringAgainTest {

  @Test
  void aNodeRegisteringAgainWithoutItsContainers_hasThemAllFreeForTheNextAsk() {
    try (CoreFixture fixture = new CoreFixture()) {
      fixture.node("am-host", CoreFixture.CONTAINER_MB); // room for the AM only
      ApplicationAttemptId attempt = fixture.running("alice", "a");
      NodeId worker = fixture.node("worker", 2 * CoreFixture.CONTAINER_MB);
      List<Allocation> first = allocateUntil(fixture, attempt, 2);
      assertThat(first).extracting(Allocation::nodeId).containsOnly(worker);

      fixture.core.registerNode(new NodeRegistration(worker, "worker:8042",
          Resource.of(2 * CoreFixture.CONTAINER_MB, 64), "", List.of())).join();

      List<Allocation> again = allocateUntil(fixture, attempt, 2);
      assertThat(again).extracting(Allocation::nodeId).containsOnly(worker);
      assertThat(again).extracting(Allocation::containerId)
          .doesNotContainAnyElementsOf(first.stream().map(Allocation::containerId).toList());
    }
  }

  /** Asks for {@code count} containers in all until that many are granted. */
  private static List<Allocation> allocateUntil(CoreFixture fixture, ApplicationAttemptId attempt, int count) {
    List<Allocation> granted = new ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      granted.addAll(fixture.allocate(attempt, count - granted.size(), List.of()));
      return granted.size() >= count;
    });
    return granted;
  }
}
