package io.weft.rm.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.MethodDescriptor;
import io.weft.common.id.NodeId;
import io.weft.common.tls.CertificateNames;
import io.weft.proto.GetClusterNodesRequest;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeStatus;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.UnRegisterNodeManagerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which node ids a NodeManager certificate may speak for, from where: the rule the resource tracker applies,
 * here on its pure function because a test cannot connect from a non-loopback address.
 */
class NodeCertificateInterceptorTest {
  /** What {@code weft security issue --role nodemanager --name nm1 --host nm1.example.com} carries. */
  private static final CertificateNames NM1 = new CertificateNames("nm1",
      List.of("nm1", "localhost", "127.0.0.1", "nm1.example.com"));
  private static final SocketAddress FROM_THIS_HOST = new InetSocketAddress("127.0.0.1", 40000);
  private static final SocketAddress FROM_AFAR = new InetSocketAddress("10.1.2.3", 40000);

  @ParameterizedTest(name = "{0} from {1}: accepted={2}")
  @CsvSource({
      "nm1.example.com:8041, afar, true",
      "NM1.example.com:8041, afar, true",
      "nm1:8041, afar, true",
      "nm1.example.com:8041, this host, true",
      "127.0.0.1:8041, this host, true",
      "localhost:8041, this host, true",
      "127.0.0.1:8041, afar, false",
      "localhost:8041, afar, false",
      "nm2.example.com:8041, afar, false",
      "nm2.example.com:8041, this host, false",
      "127.0.0.2:8041, this host, false"})
  void aCertificate_speaksForTheHostsItNames_andForLoopbackOnlyFromThisHost(String node, String from,
      boolean accepted) {
    SocketAddress peer = from.equals("afar") ? FROM_AFAR : FROM_THIS_HOST;
    assertThat(NodeCertificateInterceptor.refusal(NodeId.parse(node), NM1, peer).isEmpty()).isEqualTo(accepted);
  }

  @Test
  void refusals_nameTheNodeTheCertificateAndItsNames_andWhereTheCallCameFrom() {
    assertThat(NodeCertificateInterceptor.refusal(NodeId.parse("nm2.example.com:8041"), NM1, FROM_AFAR))
        .contains("node 'nm2.example.com:8041' is not a name of the caller's certificate CN=nm1 "
            + "(names: nm1, localhost, 127.0.0.1, nm1.example.com)");
    assertThat(NodeCertificateInterceptor.refusal(NodeId.parse("127.0.0.1:8041"), NM1, FROM_AFAR).orElseThrow())
        .startsWith("node '127.0.0.1:8041' is a loopback name, which the caller's certificate CN=nm1 (names: ")
        .endsWith("only on a connection from the ResourceManager's own host; this one comes from /10.1.2.3:40000");
  }

  @Test
  void peerOfUnknownKind_isNotLoopback() {
    assertThat(NodeCertificateInterceptor.refusal(NodeId.parse("127.0.0.1:8041"), NM1, null)).isPresent();
    assertThat(NodeCertificateInterceptor.refusal(NodeId.parse("nm1:8041"), NM1, null)).isEmpty();
  }

  @Test
  void everyResourceTrackerRequest_namesItsNode_andOtherMessagesAreNotPassed() {
    assertThat(NodeCertificateInterceptor.nodeIdOf(RegisterNodeManagerRequest.newBuilder().setNodeId("a:1").build()))
        .isEqualTo("a:1");
    assertThat(NodeCertificateInterceptor.nodeIdOf(NodeHeartbeatRequest.newBuilder()
        .setNodeStatus(NodeStatus.newBuilder().setNodeId("b:2")).build())).isEqualTo("b:2");
    assertThat(NodeCertificateInterceptor.nodeIdOf(UnRegisterNodeManagerRequest.newBuilder().setNodeId("c:3").build()))
        .isEqualTo("c:3");
    assertThatThrownBy(() -> NodeCertificateInterceptor.nodeIdOf(GetClusterNodesRequest.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GetClusterNodesRequest");
  }

  @Test
  void everyCallOfTheResourceTracker_hasItsNodeIdRule() {
    // A call added to the service without a rule would be refused (INTERNAL) on every secure cluster.
    for (MethodDescriptor<?, ?> method : ResourceTrackerServiceGrpc.getServiceDescriptor().getMethods()) {
      var marshaller = (MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller();
      Object prototype = marshaller.getMessagePrototype();
      assertThat(NodeCertificateInterceptor.nodeIdOf(prototype)).as(method.getFullMethodName()).isEmpty();
    }
  }
}
