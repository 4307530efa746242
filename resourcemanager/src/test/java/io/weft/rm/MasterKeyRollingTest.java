package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.security.MasterKey;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.NmToken;
import io.weft.proto.NmTokenIdentifier;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.NodeStatus;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.RegisterNodeManagerResponse;
import io.weft.proto.Resource;
import io.weft.proto.Token;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real RM on a fake clock: master keys cross to a node at registration and after a roll once,
 * never on other heartbeats; a roll hands the next keys out 4 heartbeats before they sign; Allocate
 * answers carry NM tokens for the nodes of new containers, and renew them with the new key; the AMRM
 * key rolls too, an AM gets its new token in an Allocate answer, and the old one stops working a roll later.
 */
class MasterKeyRollingTest {
  private static final Duration INTERVAL = Duration.ofSeconds(60);
  private static final Duration ACTIVATION_DELAY = Duration.ofSeconds(4); // 4 heartbeats of 1 s
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path dir;
  RmHarness h;

  @BeforeEach
  void setUp() {
    h = new RmHarness(grpc, dir, Map.of(RmKeys.MASTER_KEY_ROLLING_INTERVAL.key(), Long.toString(INTERVAL.toSeconds())));
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private RegisterNodeManagerResponse register(String node) {
    return h.tracker().registerNodeManager(RegisterNodeManagerRequest.newBuilder().setNodeId(node)
        .setHttpAddress("n:1").setResource(Resource.newBuilder().setMemoryMb(1024).setVcores(1)).build());
  }

  /** A heartbeat of {@code node} reporting the ids of the newest keys it holds (never their bytes). */
  private NodeHeartbeatResponse beat(String node, int containerKeyId, int nmKeyId) {
    return h.tracker().nodeHeartbeat(NodeHeartbeatRequest.newBuilder()
        .setNodeStatus(NodeStatus.newBuilder().setNodeId(node))
        .setLastKnownContainerTokenMasterKey(io.weft.proto.MasterKey.newBuilder().setKeyId(containerKeyId))
        .setLastKnownNmTokenMasterKey(io.weft.proto.MasterKey.newBuilder().setKeyId(nmKeyId)).build());
  }

  @Test
  void keys_crossAtRegistration_andOnceAfterARoll_neverOnOtherHeartbeats() {
    RegisterNodeManagerResponse registered = register("n1:1");
    int containerKey = registered.getContainerTokenMasterKey().getKeyId();
    int nmKey = registered.getNmTokenMasterKey().getKeyId();
    assertThat(registered.getContainerTokenMasterKey().getBytes().size()).isEqualTo(32);
    assertThat(registered.getNmTokenMasterKey().getBytes().size()).isEqualTo(32);
    assertThat(registered.hasPreviousContainerTokenMasterKey()).isFalse();

    NodeHeartbeatResponse quiet = beat("n1:1", containerKey, nmKey);
    assertThat(quiet.hasContainerTokenMasterKey()).isFalse();
    assertThat(quiet.hasNmTokenMasterKey()).isFalse();

    h.clock.advance(INTERVAL.minus(ACTIVATION_DELAY));
    NodeHeartbeatResponse rolled = await("the next keys on a heartbeat").atMost(WAIT)
        .until(() -> beat("n1:1", containerKey, nmKey), NodeHeartbeatResponse::hasNmTokenMasterKey);
    int nextContainerKey = rolled.getContainerTokenMasterKey().getKeyId();
    int nextNmKey = rolled.getNmTokenMasterKey().getKeyId();
    assertThat(nextContainerKey).isNotEqualTo(containerKey);
    assertThat(nextNmKey).isNotEqualTo(nmKey);

    NodeHeartbeatResponse afterwards = beat("n1:1", nextContainerKey, nextNmKey);
    assertThat(afterwards.hasContainerTokenMasterKey()).isFalse();
    assertThat(afterwards.hasNmTokenMasterKey()).isFalse();
    // A node joining while the roll is pending gets the next key and the one still signing.
    RegisterNodeManagerResponse joining = register("n2:1");
    assertThat(joining.getNmTokenMasterKey().getKeyId()).isEqualTo(nextNmKey);
    assertThat(joining.getPreviousNmTokenMasterKey().getKeyId()).isEqualTo(nmKey);
    assertThat(joining.getPreviousContainerTokenMasterKey().getKeyId()).isEqualTo(containerKey);
  }

  @Test
  void amrmKey_rolls_theAmIsHandedItsNewToken_andTheOldOneStopsWorkingARollLater() {
    RmHarness.Node n1 = h.registerNode("127.0.0.1", 40111, 8192, 8);
    h.heartbeat(n1);
    h.submit(1024);
    Token old = RmHarness.amrmToken(h.awaitStart(n1, 1));
    h.am(old).registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());
    int[] responseId = {h.am(old).allocate(AllocateRequest.newBuilder().setResponseId(0).build()).getResponseId()};

    h.rollMasterKeys(n1, INTERVAL, ACTIVATION_DELAY);
    AllocateResponse handed = await("a new AMRM token in an Allocate answer").atMost(WAIT).until(() -> {
      AllocateResponse answer = h.am(old).allocate(AllocateRequest.newBuilder().setResponseId(responseId[0]).build());
      responseId[0] = answer.getResponseId();
      return answer;
    }, AllocateResponse::hasAmRmToken);
    Token fresh = handed.getAmRmToken();
    assertThat(fresh.getKeyId()).isNotEqualTo(old.getKeyId());
    assertThat(fresh.getService()).isEqualTo(old.getService());
    AllocateResponse withFresh = h.am(fresh).allocate(AllocateRequest.newBuilder().setResponseId(responseId[0])
        .build());
    responseId[0] = withFresh.getResponseId();
    assertThat(withFresh.hasAmRmToken()).as("a current token is not replaced").isFalse();

    h.rollMasterKeys(n1, INTERVAL, ACTIVATION_DELAY);
    await("the old token refused once its key is dropped").atMost(WAIT).untilAsserted(() ->
        assertThatThrownBy(() -> h.am(old).allocate(AllocateRequest.newBuilder().setResponseId(responseId[0]).build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED)));
    assertThat(h.am(fresh).allocate(AllocateRequest.newBuilder().setResponseId(responseId[0]).build())
        .hasAmRmToken()).as("the token handed a roll ago still works, and is replaced now").isTrue();
  }

  @Test
  void allocate_handsNmTokensForTheNodesOfNewContainers_andRenewsThemWithTheNextKeyOnceItSigns() throws Exception {
    RmHarness.Node n1 = h.registerNode("127.0.0.1", 40111, 8192, 8);
    io.weft.proto.MasterKey nmKey = h.heartbeat(n1).getNmTokenMasterKey(); // it reported no key: it gets them
    String appId = h.submit(1024);
    Token amrm = RmHarness.amrmToken(h.awaitStart(n1, 1));
    h.am(amrm).registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());

    AllocateResponse granted = h.am(amrm).allocate(AllocateRequest.newBuilder().setResponseId(0)
        .addAsks(ApplicationMasterServiceTest.ask(1024, 1)).build());
    assertThat(granted.getAllocatedContainersCount()).isEqualTo(1);
    NmToken token = granted.getNmTokens(0);
    assertThat(granted.getNmTokensList()).hasSize(1);
    assertThat(token.getNodeId()).isEqualTo(n1.id().toString());
    NmTokenIdentifier identifier = NmTokenIdentifier.parseFrom(token.getToken().getIdentifier());
    assertThat(identifier.getApplicationAttemptId()).startsWith(appId.replace("application_", "appattempt_"));
    assertThat(identifier.getNodeId()).isEqualTo(n1.id().toString());
    assertThat(identifier.getExpiryTimeMs()).isEqualTo(h.clock.millis() + INTERVAL.minus(ACTIVATION_DELAY).toMillis());
    assertThat(new MasterKey(nmKey.getKeyId(), nmKey.getBytes().toByteArray())
        .verify(token.getToken().getIdentifier().toByteArray(), token.getToken().getPassword().toByteArray())).isTrue();

    AllocateResponse nothingNew = h.am(amrm).allocate(AllocateRequest.newBuilder()
        .setResponseId(granted.getResponseId()).build());
    assertThat(nothingNew.getNmTokensList()).isEmpty();

    h.clock.advance(INTERVAL.minus(ACTIVATION_DELAY));
    int nextNmKey = await("the next NM-token key made").atMost(WAIT)
        .until(() -> h.heartbeat(n1).getNmTokenMasterKey().getKeyId(), id -> id != nmKey.getKeyId());
    h.clock.advance(ACTIVATION_DELAY);
    int[] responseId = {nothingNew.getResponseId()};
    AllocateResponse renewed = await("an NM token signed with the next key").atMost(WAIT).until(() -> {
      AllocateResponse answer = h.am(amrm).allocate(AllocateRequest.newBuilder().setResponseId(responseId[0]).build());
      responseId[0] = answer.getResponseId();
      return answer;
    }, answer -> answer.getNmTokensList().stream().anyMatch(t -> t.getToken().getKeyId() == nextNmKey));
    assertThat(renewed.getNmTokens(0).getNodeId()).isEqualTo(n1.id().toString());
    assertThat(renewed.getNmTokens(0).getToken().getKeyId()).isEqualTo(nextNmKey);
  }
}
