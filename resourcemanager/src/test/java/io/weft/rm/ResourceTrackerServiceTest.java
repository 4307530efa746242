package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AllocateRequest;
import io.weft.proto.GetClusterMetricsRequest;
import io.weft.proto.GetClusterNodesRequest;
import io.weft.proto.NodeAction;
import io.weft.proto.NodeState;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.Token;
import io.weft.proto.YarnApplicationState;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ResourceTrackerServiceTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;

  @BeforeEach
  void start() {
    // A long expiry so only the fake clock, never real time, can expire a node.
    h = new RmHarness(grpc, staging, Map.of(RmKeys.NM_EXPIRY.key(), "600000"));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void register_withoutCapability_isInvalidArgument() {
    assertThatThrownBy(() -> h.tracker().registerNodeManager(RegisterNodeManagerRequest.newBuilder()
        .setNodeId("n1:1").setHttpAddress("n1:2").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("n1:1").contains("must both be positive");
        });
  }

  @Test
  void heartbeat_answersIntervalAndKey_andAnUnknownNodeIsToldToResync() {
    RmHarness.Node node = h.registerNode("n1", 1, 4096, 4);
    var answer = h.heartbeat(node);
    assertThat(answer.getNodeAction()).isEqualTo(NodeAction.NORMAL);
    assertThat(answer.getNextHeartbeatIntervalMs()).isBetween(900L, 1100L);
    assertThat(answer.getContainerTokenMasterKey()).isEqualTo(node.containerKey());
    RmHarness.Node stranger = new RmHarness.Node(new io.weft.common.id.NodeId("n9", 9), null, null);
    assertThat(h.heartbeat(stranger).getNodeAction()).isEqualTo(NodeAction.RESYNC);
  }

  @Test
  void nextHeartbeatIntervals_spreadWithinATenthEitherSideOfTheConfiguredOne_averagingToIt() {
    RmHarness.Node node = h.registerNode("n1", 1, 4096, 4);
    long[] intervals = java.util.stream.IntStream.range(0, 400)
        .mapToLong(i -> h.heartbeat(node).getNextHeartbeatIntervalMs()).toArray();
    assertThat(java.util.Arrays.stream(intervals).min().orElseThrow()).isGreaterThanOrEqualTo(900);
    assertThat(java.util.Arrays.stream(intervals).max().orElseThrow()).isLessThanOrEqualTo(1100);
    assertThat(java.util.Arrays.stream(intervals).distinct().count()).as("distinct intervals").isGreaterThan(50);
    assertThat(java.util.Arrays.stream(intervals).average().orElseThrow())
        .isCloseTo(1000, org.assertj.core.data.Offset.offset(20.0));
  }

  @Test
  void unknownRunningContainer_isListedForCleanup() {
    RmHarness.Node node = h.registerNode("n1", 1, 4096, 4);
    String stray = "container_1_0001_01_000005";
    assertThat(h.heartbeat(node, RmHarness.running(stray)).getContainersToCleanupList()).containsExactly(stray);
  }

  @Test
  void silentNode_becomesLostAfterExpiry_onTheFakeClock_andItsContainersAbort() {
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    String appId = h.submit(1024);
    Token token = RmHarness.amrmToken(h.awaitStart(n1, 1));
    h.am(token).registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());
    String executor = h.am(token).allocate(AllocateRequest.newBuilder()
        .addAsks(ApplicationMasterServiceTest.ask(1024, 1)).build()).getAllocatedContainers(0).getId();

    h.clock.advance(Duration.ofMinutes(9));
    h.rm.tick();
    assertThat(nodeState()).isEqualTo(NodeState.NODE_RUNNING);

    h.clock.advance(Duration.ofMinutes(2));
    h.rm.tick();
    assertThat(nodeState()).isEqualTo(NodeState.NODE_LOST);
    assertThat(h.client().getClusterMetrics(GetClusterMetricsRequest.getDefaultInstance()).getMetrics()
        .getNumLostNodeManagers()).isEqualTo(1);
    // The AM container was on the lost node: the attempt failed and a second one waits for a node.
    assertThat(h.report(appId).getState()).isEqualTo(YarnApplicationState.ACCEPTED);
    assertThat(h.report(appId).getCurrentApplicationAttemptId()).endsWith("_000002");
    var containers = h.client().getContainers(io.weft.proto.GetContainersRequest.newBuilder()
        .setApplicationAttemptId(h.report(appId).getCurrentApplicationAttemptId().replace("_000002", "_000001"))
        .build()).getContainersList();
    assertThat(containers).filteredOn(c -> c.getContainerId().equals(executor)).singleElement()
        .satisfies(c -> assertThat(c.getExitStatus()).isEqualTo(-100));
  }

  private NodeState nodeState() {
    return h.client().getClusterNodes(GetClusterNodesRequest.getDefaultInstance()).getNodes(0).getNodeState();
  }
}
