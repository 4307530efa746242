package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.Container;
import io.weft.proto.GetClusterNodesRequest;
import io.weft.proto.NodeAction;
import io.weft.proto.NodeReport;
import io.weft.proto.NodeState;
import io.weft.proto.RefreshNodesRequest;
import io.weft.proto.RefreshNodesResponse;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.Resource;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.rm.config.RmKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RM's node lifecycle on a fake clock: health, stale heartbeats, graceful decommission by the
 * exclude file, what AMs are told, and the forgetting of gone nodes.
 */
class NodeLifecycleTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path dir;
  RmHarness h;
  Path exclude;

  @BeforeEach
  void start() throws Exception {
    exclude = Files.writeString(dir.resolve("exclude"), "");
    h = new RmHarness(grpc, dir.resolve("staging"), Map.of(RmKeys.NM_EXPIRY.key(), "600000",
        RmKeys.NODES_EXCLUDE_PATH.key(), exclude.toString(), RmKeys.NODE_REMOVAL_TIMEOUT.key(), "60000"));
  }

  @AfterEach
  void stop() {
    h.close();
  }


  @Test
  void unhealthyNode_getsNoContainers_untilItIsHealthyAgain() {
    RmHarness.Node node = h.registerNode("n1", 1, 8192, 8);
    h.heartbeat(node, false, "ERROR disk /data is failing");
    assertThat(report("n1:1")).satisfies(r -> {
      assertThat(r.getNodeState()).isEqualTo(NodeState.NODE_UNHEALTHY);
      assertThat(r.getHealthReport()).isEqualTo("ERROR disk /data is failing");
    });

    String app = h.submit(1024);
    assertThat(h.report(app).getDiagnostics()).as("waiting reason").isNotBlank();
    assertThat(node.service().started).isEmpty();

    h.heartbeat(node, true, "");
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_RUNNING);
    h.awaitStart(node, 1);
  }

  @Test
  void nodeRegisteringUnhealthy_isUnhealthyAtOnce() {
    h.tracker().registerNodeManager(RegisterNodeManagerRequest.newBuilder().setNodeId("n1:1")
        .setHttpAddress("n1:2").setResource(Resource.newBuilder().setMemoryMb(4096).setVcores(4))
        .setNodeHealthStatus(io.weft.proto.NodeHealthStatus.newBuilder().setIsNodeHealthy(false)
            .setHealthReport("1/1 local-dirs are bad")).build());
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_UNHEALTHY);
  }

  @Test
  void nodeSilentForAFewHeartbeats_getsNoPlacements_longBeforeItIsLost() {
    // The silent node is the emptiest, so spread placement would pick it.
    RmHarness.Node silent = h.registerNode("n1", 1, 16384, 16);
    RmHarness.Node alive = h.registerNode("n2", 2, 4096, 4);
    nextAmPassesOver(silent, alive);
    assertThat(report("n1:1").getNodeState()).as("not LOST yet").isEqualTo(NodeState.NODE_RUNNING);

    // Heard again: it takes containers once more.
    h.heartbeat(silent);
    h.submit(1024);
    h.awaitStart(silent, 1);
  }

  @Test
  void silentNode_isFoundStaleThenLost_thoughANodeStillHeardRegisteredBeforeIt() {
    // The checks walk the nodes by when they were last heard: the one heard goes behind the silent one.
    RmHarness.Node heard = h.registerNode("n1", 1, 4096, 4);
    RmHarness.Node silent = h.registerNode("n2", 2, 16384, 16);
    nextAmPassesOver(silent, heard);

    for (int minute = 0; minute < 10; minute++) {
      h.clock.advance(Duration.ofMinutes(1));
      h.heartbeat(heard);
      h.rm.tick();
    }
    assertThat(report("n2:2").getNodeState()).isEqualTo(NodeState.NODE_LOST);
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_RUNNING);
  }

  /** 4 s on, only {@code heard} has heartbeated: after a tick the next AM goes to it, not to {@code silent}. */
  private void nextAmPassesOver(RmHarness.Node silent, RmHarness.Node heard) {
    h.clock.advance(Duration.ofSeconds(4));
    h.heartbeat(heard);
    h.rm.tick();
    h.submit(1024);
    h.awaitStart(heard, 1);
    assertThat(silent.service().started).as("the silent node, emptiest, is passed over").isEmpty();
  }

  @Test
  void lostNode_registeredAgain_isNotForgottenWhenItsOldRecordsRetentionEnds() {
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    h.clock.advance(Duration.ofMinutes(11));
    h.rm.tick();
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_LOST);

    h.clock.advance(Duration.ofSeconds(30));
    h.registerNode("n1", 1, 8192, 8);
    h.clock.advance(Duration.ofSeconds(31));
    h.heartbeat(n1);
    h.rm.tick();
    assertThat(nodes()).singleElement().satisfies(r -> assertThat(r.getNodeState()).isEqualTo(NodeState.NODE_RUNNING));
  }

  @Test
  void gracefulDecommission_drainsTheNode_thenTellsItToShutDown() throws Exception {
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    RmHarness.RegisteredAm am = registeredAmOn(n1);
    Container executor = am.allocate(AllocateRequest.newBuilder()
        .addAsks(ApplicationMasterServiceTest.ask(1024, 1))).getAllocatedContainers(0);
    String amContainer = containerIds(n1).get(0);
    RmHarness.Node n2 = h.registerNode("n2", 2, 8192, 8);

    Files.writeString(exclude, "# draining for maintenance\nn1:1\n");
    RefreshNodesResponse refreshed = admin().refreshNodes(RefreshNodesRequest.newBuilder().setGraceful(true)
        .setTimeoutSecs(3600).build());
    assertThat(refreshed.getNodesList()).singleElement().satisfies(r -> {
      assertThat(r.getNodeId()).isEqualTo("n1:1");
      assertThat(r.getNodeState()).isEqualTo(NodeState.NODE_DECOMMISSIONING);
      assertThat(r.getDecommissionDeadlineMs()).isEqualTo(h.clock.instant().plusSeconds(3600).toEpochMilli());
    });
    // The AM hears of it, and its new containers go elsewhere.
    AllocateResponse answer = am.allocate(AllocateRequest.newBuilder()
        .addAsks(ApplicationMasterServiceTest.ask(1024, 2)));
    assertThat(answer.getUpdatedNodesList()).anySatisfy(r -> {
      assertThat(r.getNodeId()).isEqualTo("n1:1");
      assertThat(r.getNodeState()).isEqualTo(NodeState.NODE_DECOMMISSIONING);
    });
    List<Container> more = am.awaitAllocated(answer.getAllocatedContainersList(), 2);
    assertThat(more).allSatisfy(c -> assertThat(c.getNodeId()).isEqualTo("n2:2"));
    assertThat(h.heartbeat(n1).getNodeAction()).isEqualTo(NodeAction.NORMAL);

    // Its containers end by themselves: the node is decommissioned and told to shut down.
    h.heartbeat(n1, RmHarness.exited(executor.getId(), 0), RmHarness.running(amContainer));
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_DECOMMISSIONING);
    h.heartbeat(n1, RmHarness.exited(amContainer, 0));
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_DECOMMISSIONED);
    assertThat(h.heartbeat(n1).getNodeAction()).isEqualTo(NodeAction.SHUTDOWN);
    assertThat(h.heartbeat(n2).getNodeAction()).isEqualTo(NodeAction.NORMAL);
  }

  @Test
  void gracefulDecommission_pastItsTimeout_killsWhatIsLeft_andTheAmHearsAborted() throws Exception {
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    RmHarness.RegisteredAm am = registeredAmOn(n1);
    Container executor = am.allocate(AllocateRequest.newBuilder()
        .addAsks(ApplicationMasterServiceTest.ask(1024, 1))).getAllocatedContainers(0);
    h.registerNode("n2", 2, 8192, 8);
    Files.writeString(exclude, "n1\n");
    admin().refreshNodes(RefreshNodesRequest.newBuilder().setGraceful(true).setTimeoutSecs(60).build());

    h.clock.advance(Duration.ofSeconds(59));
    h.heartbeat(n1);
    h.rm.tick();
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_DECOMMISSIONING);
    h.clock.advance(Duration.ofSeconds(2));
    h.heartbeat(n1);
    h.rm.tick();
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_DECOMMISSIONED);
    assertThat(n1.service().stopped).anySatisfy(s -> assertThat(s.getContainerIdsList()).contains(executor.getId()));
    // The AM container was on the node too: its attempt ended; the executor's end is in the books as -100.
    var containers = h.client().getContainers(io.weft.proto.GetContainersRequest.newBuilder()
        .setApplicationAttemptId(executor.getId().replaceAll("container_(\\d+)_(\\d+)_(\\d+)_\\d+",
            "appattempt_$1_$2_0000$3")).build()).getContainersList();
    assertThat(containers).filteredOn(c -> c.getContainerId().equals(executor.getId())).singleElement()
        .satisfies(c -> {
          assertThat(c.getExitStatus()).isEqualTo(-100);
          assertThat(c.getDiagnostics()).contains("decommission");
        });
  }

  @Test
  void decommissionWithoutGrace_isAtOnce_andAnExcludedNodeCannotRegister_untilItIsIncludedAgain() throws Exception {
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    Files.writeString(exclude, "n1:1\n");
    admin().refreshNodes(RefreshNodesRequest.getDefaultInstance());
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_DECOMMISSIONED);
    assertThat(h.heartbeat(n1).getNodeAction()).isEqualTo(NodeAction.SHUTDOWN);
    var refused = h.tracker().registerNodeManager(RegisterNodeManagerRequest.newBuilder().setNodeId("n1:1")
        .setHttpAddress("n1:2").setResource(Resource.newBuilder().setMemoryMb(4096).setVcores(4)).build());
    assertThat(refused.getNodeAction()).isEqualTo(NodeAction.SHUTDOWN);
    assertThat(refused.getDiagnosticsMessage()).contains("n1:1").contains("excluded");

    Files.writeString(exclude, "");
    admin().refreshNodes(RefreshNodesRequest.getDefaultInstance());
    h.registerNode("n1", 1, 8192, 8);
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_RUNNING);
  }

  @Test
  void drainingNode_takenOffTheExcludeList_runsAgain() throws Exception {
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    h.submit(1024);
    h.awaitStart(n1, 1);
    Files.writeString(exclude, "n1:1\n");
    admin().refreshNodes(RefreshNodesRequest.newBuilder().setGraceful(true).build());
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_DECOMMISSIONING);
    assertThat(report("n1:1").getDecommissionDeadlineMs()).as("the configured default, 1 h")
        .isEqualTo(h.clock.instant().plus(Duration.ofHours(1)).toEpochMilli());

    Files.writeString(exclude, "");
    RefreshNodesResponse back = admin().refreshNodes(RefreshNodesRequest.getDefaultInstance());
    assertThat(back.getNodesList()).singleElement()
        .satisfies(r -> assertThat(r.getNodeState()).isEqualTo(NodeState.NODE_RUNNING));
  }

  @Test
  void lostNode_isForgottenAfterTheRetentionTime_withItsChannel() {
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    h.submit(1024);
    h.awaitStart(n1, 1);
    assertThat(h.nodeChannels.size()).as("the RM dialled the node to launch the AM").isEqualTo(1);

    h.clock.advance(Duration.ofMinutes(11));
    h.rm.tick();
    assertThat(report("n1:1").getNodeState()).isEqualTo(NodeState.NODE_LOST);
    h.clock.advance(Duration.ofSeconds(59));
    h.rm.tick();
    assertThat(nodes()).hasSize(1);

    h.clock.advance(Duration.ofSeconds(2));
    h.rm.tick();
    assertThat(nodes()).isEmpty();
    assertThat(h.nodeChannels.size()).isZero();
    // A forgotten node that comes back is asked to register, and may.
    assertThat(h.heartbeat(n1).getNodeAction()).isEqualTo(NodeAction.RESYNC);
  }

  /**
   * The snapshot files node reports by node number, and a forgotten node's number goes to the next new node: the
   * listing shows the new node in its place, and every node in id order whatever its number.
   */
  @Test
  void aForgottenNodesNumber_goesToTheNextNewNode_andTheListingStaysInIdOrder() {
    h.registerNode("n1", 1, 8192, 8);
    h.clock.advance(Duration.ofMinutes(11));
    h.rm.tick();
    h.clock.advance(Duration.ofSeconds(61));
    h.rm.tick();
    assertThat(nodes()).isEmpty();

    h.registerNode("n2", 1, 4096, 4); // takes n1's number
    h.registerNode("a0", 1, 2048, 2); // a new number, listed first

    assertThat(nodes()).extracting(NodeReport::getNodeId).containsExactly("a0:1", "n2:1");
    assertThat(report("n2:1").getCapability().getMemoryMb()).isEqualTo(4096);
    assertThat(report("a0:1").getCapability().getMemoryMb()).isEqualTo(2048);
  }

  @Test
  void refreshNodes_withAMissingExcludeFile_isRefusedNamingIt() throws Exception {
    Files.delete(exclude);
    var e = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> admin().refreshNodes(RefreshNodesRequest.getDefaultInstance()), io.grpc.StatusRuntimeException.class);
    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains(exclude.toString()).contains("does not exist");
  }

  /** Submits an application whose AM starts on {@code node} (the only node) and registers it. */
  private RmHarness.RegisteredAm registeredAmOn(RmHarness.Node node) {
    h.submit(1024);
    return h.registerAm(h.awaitStart(node, 1));
  }



  private static List<String> containerIds(RmHarness.Node node) {
    return node.service().started.stream().map(FakeNodeManager::containerId).toList();
  }

  private ResourceManagerAdministrationServiceGrpc.ResourceManagerAdministrationServiceBlockingStub admin() {
    return ResourceManagerAdministrationServiceGrpc.newBlockingStub(h.channel).withDeadlineAfter(10,
        TimeUnit.SECONDS);
  }

  private List<NodeReport> nodes() {
    return h.client().getClusterNodes(GetClusterNodesRequest.getDefaultInstance()).getNodesList();
  }

  private NodeReport report(String nodeId) {
    Optional<NodeReport> found = nodes().stream().filter(n -> n.getNodeId().equals(nodeId)).findFirst();
    assertThat(found).as("node %s in %s", nodeId, nodes()).isPresent();
    return found.get();
  }
}
