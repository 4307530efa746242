package io.weft.rm.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceTypes;
import io.weft.common.rpc.WeftException;
import io.weft.rm.container.Allocation;
import io.weft.rm.core.AllocateCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GPUs (any type of weft.resource-types) through the real RM core: placed only where free, held to queue
 * capacities, maximums and user limits in GPUs as well as memory (as YARN's CapacityScheduler scales every type),
 * kept through normalization, and refused when unknown or larger than any node.
 */
class ResourceTypesSchedulingTest {
  private static final long GB = 1024;
  private static final ResourceTypes GPU = new ResourceTypes(List.of("gpu"));

  private static Resource gpus(long memoryMb, long gpus) {
    return new Resource(memoryMb, 1, Map.of("gpu", gpus));
  }

  /** Two nodes of 8 GB, 8 vcores and 2 GPUs: 4 GPUs, 16 GB. */
  private static ClusterHarness twoGpuNodes(Map<String, String> queues) {
    ClusterHarness h = new ClusterHarness(queues, GPU);
    h.node("n1").memoryMb(8 * GB).vcores(8).others(Map.of("gpu", 2L)).add();
    h.node("n2").memoryMb(8 * GB).vcores(8).others(Map.of("gpu", 2L)).add();
    return h;
  }

  static Stream<Arguments> queueLimits() {
    return Stream.of(
        Arguments.of("a queue at a maximum of 50 % holds half the GPUs",
            CapacityQueuesTest.queues("root.a.capacity", "50", "root.a.maximum-capacity", "50",
                "root.a.user-limit-factor", "10", "root.b.capacity", "50"), 2, "queue a is at its maximum capacity"),
        Arguments.of("a queue without a maximum takes every idle GPU",
            CapacityQueuesTest.queues("root.a.capacity", "50", "root.a.user-limit-factor", "10",
                "root.b.capacity", "50"), 4, "no node fits"),
        Arguments.of("one user is held to the queue's GPUs times its user-limit-factor",
            CapacityQueuesTest.queues("root.a.capacity", "25", "root.a.user-limit-factor", "1",
                "root.b.capacity", "75"), 1, "user alice is at the user limit of queue a"),
        Arguments.of("a 75 % queue of 4 GPUs rounds down to 3",
            CapacityQueuesTest.queues("root.a.capacity", "75", "root.a.maximum-capacity", "75",
                "root.a.user-limit-factor", "10", "root.b.capacity", "25"), 3, "queue a is at its maximum capacity"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queueLimits")
  void queueLimitsCountGpus(String name, Map<String, String> queues, int placed, String reason) {
    try (ClusterHarness h = twoGpuNodes(queues)) {
      ClusterHarness.App a = h.app("alice", "a");
      List<Allocation> got = a.allocate(new AllocateCall.Ask(1, "*", gpus(GB, 1), 5, 0)).allocated();
      assertThat(got).as("memory allows all five; GPUs allow %d", placed).hasSize(placed)
          .allMatch(c -> c.resource().other("gpu") == 1);
      assertThat(h.core.queue("a", false).join().used().other("gpu")).isEqualTo(placed);
      await().atMost(Duration.ofSeconds(10)).until(() -> h.report(a.id).waitingReason(),
          r -> r != null && r.contains(reason) && r.contains("gpu"));
    }
  }

  @Test
  void gpuAsks_goOnlyWhereGpusAreFree_andWaitForOneToBeReleased() {
    try (ClusterHarness h = new ClusterHarness(Map.of(), GPU)) {
      h.node("plain").memoryMb(16 * GB).vcores(16).add();
      h.node("gpu-host").memoryMb(8 * GB).vcores(8).others(Map.of("gpu", 2L)).add();
      ClusterHarness.App app = h.app("alice", "default");
      List<Allocation> got = app.allocate(new AllocateCall.Ask(1, "*", gpus(GB, 1), 3, 0)).allocated();
      assertThat(got).hasSize(2).allMatch(c -> c.nodeId().host().equals("gpu-host"));
      await().atMost(Duration.ofSeconds(10)).until(() -> h.report(app.id).waitingReason(),
          r -> r != null && r.contains("not enough gpu"));

      List<Allocation> after = app.releaseOldest(1);
      List<Allocation> third = after.isEmpty() ? app.poll() : after;
      assertThat(third).hasSize(1).allMatch(c -> c.nodeId().host().equals("gpu-host"));
    }
  }

  @Test
  void normalization_roundsMemoryUp_andKeepsTheGpus() {
    try (ClusterHarness h = twoGpuNodes(Map.of())) {
      ClusterHarness.App app = h.app("alice", "default");
      List<Allocation> got = app.allocate(new AllocateCall.Ask(1, "*", gpus(700, 2), 1, 0)).allocated();
      assertThat(got).singleElement().extracting(Allocation::resource).isEqualTo(gpus(1024, 2));
    }
  }

  static Stream<Arguments> refusedAsks() {
    return Stream.of(
        Arguments.of(new Resource(GB, 1, Map.of("fpga", 1L)),
            "names resource type 'fpga', which is not one of the cluster's resource types [gpu]"),
        Arguments.of(gpus(GB, 3), "container gpu 3 exceeds the maximum allocation 2"),
        Arguments.of(gpus(GB, -1), "asks gpu -1; an amount must not be negative"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("refusedAsks")
  void asksNoNodeCouldMeet_areRefusedNamingTheTypeAndTheLimit(Resource ask, String message) {
    try (ClusterHarness h = twoGpuNodes(Map.of())) {
      ClusterHarness.App app = h.app("alice", "default");
      assertThatThrownBy(() -> app.allocate(new AllocateCall.Ask(1, "*", ask, 1, 0)))
          .isInstanceOf(CompletionException.class).cause().isInstanceOf(WeftException.class)
          .hasMessageContaining(message);
    }
  }

  @Test
  void anAmAskingAnUnknownType_isRefusedAtSubmission() {
    try (ClusterHarness h = twoGpuNodes(Map.of())) {
      var id = h.core.newApplication().join();
      assertThatThrownBy(() -> h.core.submit(new io.weft.rm.app.ApplicationSubmission(id, "app", "default", "alice",
          "TEST", List.of(), 0, new Resource(GB, 1, Map.of("tpu", 1L)), 1, new byte[0])))
          .isInstanceOf(WeftException.class).hasMessageContaining("AM container names resource type 'tpu'");
    }
  }

  @Test
  void aNodeAdvertisingAnUnknownType_isRefused() {
    try (ClusterHarness h = new ClusterHarness(Map.of(), GPU)) {
      assertThatThrownBy(() -> h.node("fpga-host").others(Map.of("fpga", 1L)).add())
          .hasRootCauseInstanceOf(WeftException.class)
          .hasRootCauseMessage("node fpga-host:8041 advertisement names resource type 'fpga', which is not one of "
              + "the cluster's resource types [gpu] (weft.resource-types)");
    }
  }

  @Test
  void aConfiguredTypeMaximum_capsAsksBelowTheLargestNode_andHoldsBeforeAnyNodeRegisters() {
    try (ClusterHarness h = new ClusterHarness(Map.of(), GPU, new Resource(65536, 32, Map.of("gpu", 1L)))) {
      assertThat(h.core.maximumAllocation().other("gpu")).isEqualTo(1);
      h.node("gpu-host").others(Map.of("gpu", 2L)).add();
      assertThat(h.core.maximumAllocation().other("gpu")).isEqualTo(1);
      ClusterHarness.App app = h.app("alice", "default");
      assertThatThrownBy(() -> app.allocate(new AllocateCall.Ask(1, "*", gpus(GB, 2), 1, 0)))
          .cause().hasMessageContaining("container gpu 2 exceeds the maximum allocation 1");
      assertThat(app.allocate(new AllocateCall.Ask(2, "*", gpus(GB, 1), 1, 0)).allocated()).hasSize(1);
    }
  }

  @Test
  void beforeAnyNodeRegisters_gpuAsksWaitRatherThanBeingRefused() {
    try (ClusterHarness h = new ClusterHarness(Map.of(), GPU)) {
      assertThat(h.core.maximumAllocation().other("gpu")).isEqualTo(Long.MAX_VALUE);
      h.node("gpu-host").others(Map.of("gpu", 2L)).add();
      assertThat(h.core.maximumAllocation()).isEqualTo(new Resource(65536, 32, Map.of("gpu", 2L)));
    }
  }
}
