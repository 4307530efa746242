package io.weft.rm.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.weft.common.tls.CertificateNames;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * Where a registering NodeManager connects from, as the network saw it, and the refusal of one that
 * advertises a loopback address from another host: the RM, the AMs and browsers would dial their own
 * machine instead. Only RegisterNodeManager carries the address (in the gRPC context); heartbeats pass
 * untouched.
 */
public final class RegisteringPeer implements ServerInterceptor {
  private static final Context.Key<SocketAddress> PEER = Context.key("weft-registering-peer");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (peer == null || !call.getMethodDescriptor().getBareMethodName().equals("RegisterNodeManager")) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(Context.current().withValue(PEER, peer), call, headers, next);
  }

  /**
   * Why the node registering now as {@code nodeId}, with web pages at {@code httpAddress}, cannot be
   * reached by others; empty when it can, or when the caller's address is not known (in-process calls).
   * Malformed addresses are left to the registration itself to refuse.
   */
  static Optional<String> unreachable(String nodeId, String httpAddress) {
    if (!(PEER.get() instanceof InetSocketAddress peer) || peer.getAddress() == null
        || peer.getAddress().isLoopbackAddress()) {
      return Optional.empty();
    }
    String loopback = CertificateNames.isLoopback(hostOf(nodeId)) ? nodeId
        : CertificateNames.isLoopback(hostOf(httpAddress)) ? httpAddress : null;
    if (loopback == null) {
      return Optional.empty();
    }
    return Optional.of("the NodeManager connecting from " + peer.getAddress().getHostAddress() + " registers as "
        + loopback + ", a loopback address, which the ResourceManager and other hosts cannot reach; set "
        + "weft.nodemanager.hostname on that node to a name or address others reach it at");
  }

  private static String hostOf(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }
}
