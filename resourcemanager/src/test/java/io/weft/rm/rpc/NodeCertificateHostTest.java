package io.weft.rm.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.Channels;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.CertificateAuthority;
import io.weft.common.tls.TlsSettings;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.GetClusterNodesRequest;
import io.weft.proto.NodeAction;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeReport;
import io.weft.proto.NodeState;
import io.weft.proto.NodeStatus;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.Resource;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.ResourceTrackerServiceGrpc.ResourceTrackerServiceBlockingStub;
import io.weft.proto.UnRegisterNodeManagerRequest;
import io.weft.rm.ResourceManager;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ResourceManager with TLS, NodeManager certificates of its CA over real gRPC connections: a node's
 * certificate speaks for the hosts it names and for no other node. The connections here come from
 * 127.0.0.1, so the certificates carry the non-loopback names the tests register under (a certificate's
 * name is among its alternative names); the loopback rule itself is tested on
 * {@link NodeCertificateInterceptor#refusal} in {@link NodeCertificateInterceptorTest}.
 */
class NodeCertificateHostTest {
  @TempDir Path dir;
  private Path certificates;
  private ResourceManager rm;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() {
    certificates = dir.resolve("security");
    CertificateAuthority ca = CertificateAuthority.init(certificates, "test-ca");
    ca.issue(certificates, CertRole.RESOURCEMANAGER, "rm", List.of());
    ca.issue(certificates, CertRole.NODEMANAGER, "nm1", List.of("nm1"));
    ca.issue(certificates, CertRole.NODEMANAGER, "nm2", List.of("nm2.example.com"));
    TlsSettings own = certificate("rm");
    rm = new ResourceManager(WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0",
        CommonKeys.RM_WEBAPP_ADDRESS.key(), "127.0.0.1:0", RmKeys.STAGING_DIR.key(), dir.resolve("staging").toString(),
        RmKeys.STORE_DIR.key(), dir.resolve("rm-state").toString(), CommonKeys.TLS_ENABLED.key(), "true",
        CommonKeys.TLS_CERT.key(), own.cert().orElseThrow().toString(),
        CommonKeys.TLS_KEY.key(), own.key().orElseThrow().toString(),
        CommonKeys.TLS_TRUST.key(), own.trust().orElseThrow().toString())));
    rm.start();
  }

  @AfterEach
  void stop() {
    channels.forEach(Channels::close);
    if (rm != null) {
      rm.close();
    }
  }

  @Test
  void register_asAHostTheCertificateDoesNotName_isRefusedNamingBoth_andNoNodeAppears() {
    assertPermissionDenied(() -> tracker("nm1").registerNodeManager(registration("nm2.example.com:8041")),
        "node 'nm2.example.com:8041' is not a name of the caller's certificate CN=nm1 "
            + "(names: nm1, localhost, 127.0.0.1)");
    assertThat(nodes()).isEmpty();
  }

  @Test
  void register_asTheCertificatesOwnHost_isAccepted_thoughTheHostDoesNotResolve() {
    // "nm1" resolves nowhere: registering must neither look it up nor dial it.
    var answer = tracker("nm1").registerNodeManager(registration("nm1:8041"));
    assertThat(answer.getNodeAction()).isEqualTo(NodeAction.NORMAL);
    assertThat(answer.hasContainerTokenMasterKey()).isTrue();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(
        () -> assertThat(nodes()).containsEntry("nm1:8041", NodeState.NODE_RUNNING));
    assertThat(tracker("nm1").nodeHeartbeat(heartbeat("nm1:8041", 0)).getNodeAction()).isEqualTo(NodeAction.NORMAL);
  }

  @Test
  void register_asALoopbackAddress_fromThisHost_isAccepted() {
    // What local-cluster does: its NMs register as 127.0.0.1, which every issued certificate names.
    assertThat(tracker("nm1").registerNodeManager(registration("127.0.0.1:9041")).getNodeAction())
        .isEqualTo(NodeAction.NORMAL);
  }

  @Test
  void anotherNodesCertificate_mayNotHeartbeatUnregisterOrReregisterIt_andTheNodeStaysRunning() {
    assertThat(tracker("nm1").registerNodeManager(registration("nm1:8041")).getNodeAction())
        .isEqualTo(NodeAction.NORMAL);
    assertThat(tracker("nm2").registerNodeManager(registration("nm2.example.com:8041")).getNodeAction())
        .isEqualTo(NodeAction.NORMAL);
    String refusal = "node 'nm1:8041' is not a name of the caller's certificate CN=nm2 "
        + "(names: nm2, localhost, 127.0.0.1, nm2.example.com)";

    ResourceTrackerServiceBlockingStub intruder = tracker("nm2");
    assertPermissionDenied(() -> intruder.nodeHeartbeat(heartbeat("nm1:8041", 0)), refusal);
    assertPermissionDenied(() -> intruder.unRegisterNodeManager(
        UnRegisterNodeManagerRequest.newBuilder().setNodeId("nm1:8041").build()), refusal);
    assertPermissionDenied(() -> intruder.registerNodeManager(registration("nm1:8041")), refusal);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(nodes()).containsOnly(
        Map.entry("nm1:8041", NodeState.NODE_RUNNING), Map.entry("nm2.example.com:8041", NodeState.NODE_RUNNING)));
    // The victim's own heartbeats go on where they were: nothing reset its response id.
    assertThat(tracker("nm1").nodeHeartbeat(heartbeat("nm1:8041", 0)).getResponseId()).isEqualTo(1);
    assertThat(tracker("nm1").nodeHeartbeat(heartbeat("nm1:8041", 1)).getNodeAction()).isEqualTo(NodeAction.NORMAL);
  }

  @Test
  void aMalformedNodeId_isInvalidArgument() {
    assertThatThrownBy(() -> tracker("nm1").nodeHeartbeat(NodeHeartbeatRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  private static void assertPermissionDenied(ThrowingCallable call, String description) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.getStatus().getDescription()).isEqualTo(description);
    });
  }

  private static RegisterNodeManagerRequest registration(String nodeId) {
    return RegisterNodeManagerRequest.newBuilder().setNodeId(nodeId)
        .setHttpAddress(nodeId.substring(0, nodeId.indexOf(':')) + ":8042")
        .setResource(Resource.newBuilder().setMemoryMb(4096).setVcores(4)).build();
  }

  private static NodeHeartbeatRequest heartbeat(String nodeId, int responseId) {
    return NodeHeartbeatRequest.newBuilder()
        .setNodeStatus(NodeStatus.newBuilder().setNodeId(nodeId).setResponseId(responseId)).build();
  }

  private ResourceTrackerServiceBlockingStub tracker(String certificateName) {
    return ResourceTrackerServiceGrpc.newBlockingStub(channel(certificate(certificateName)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** Node id to state, as a client of the RM sees them. */
  private Map<String, NodeState> nodes() {
    TlsSettings trustOnly = new TlsSettings(true, Optional.empty(), Optional.empty(),
        Optional.of(certificates.resolve(CertificateAuthority.CA_CERT)));
    return ApplicationClientServiceGrpc.newBlockingStub(channel(trustOnly)).withDeadlineAfter(20, TimeUnit.SECONDS)
        .getClusterNodes(GetClusterNodesRequest.getDefaultInstance()).getNodesList().stream()
        .collect(Collectors.toMap(NodeReport::getNodeId, NodeReport::getNodeState));
  }

  private ManagedChannel channel(TlsSettings tls) {
    ManagedChannel channel = Channels.forAddress(rm.address(), tls.channelCredentials());
    channels.add(channel);
    return channel;
  }

  private TlsSettings certificate(String name) {
    return new TlsSettings(true, Optional.of(certificates.resolve(name + ".pem")),
        Optional.of(certificates.resolve(name + ".key")),
        Optional.of(certificates.resolve(CertificateAuthority.CA_CERT)));
  }
}
