package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.CertificateNames;
import io.weft.common.tls.PeerIdentity;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.UnRegisterNodeManagerRequest;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * With TLS, only a NodeManager may speak the resource-tracker protocol, and only for its own host: the
 * caller must have presented a certificate of the cluster CA whose role is {@code nodemanager}, and the
 * host of the node id it registers, heartbeats or unregisters must be one its certificate names (CN or
 * subject alternative name), as Kerberos' {@code nm/_HOST} binds a NodeManager to its host. Without the
 * first a stranger could register a node or receive the container-token key; without the second one
 * node's certificate (or whoever stole it) could take over or shut down every other node.
 *
 * <p>Every certificate Weft issues names {@code localhost} and {@code 127.0.0.1}, so a loopback node id
 * is accepted only on a connection that itself comes from a loopback address: from afar it would let any
 * NodeManager certificate register as {@code 127.0.0.1}.
 */
public final class NodeCertificateInterceptor implements ServerInterceptor {
  private static final Logger LOG = LogManager.getLogger();
  /** The SSLSession value under which a session's {@link CertificateNames} are kept. */
  private static final String NAMES = "weft.node-certificate-names";

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    Optional<X509Certificate> certificate = PeerIdentity.certificate(session);
    Optional<PeerIdentity> peer = certificate.flatMap(PeerIdentity::of);
    if (peer.isPresent() && peer.get().is(CertRole.NODEMANAGER)) {
      return new OwnNodeOnly<>(next.startCall(call, headers), call, namesOf(session, certificate.get()));
    }
    Status refusal = peer.isEmpty()
        ? Status.UNAUTHENTICATED.withDescription(call.getMethodDescriptor().getBareMethodName()
            + " needs a NodeManager's certificate of the cluster CA (role nodemanager); the caller presented none")
        : Status.PERMISSION_DENIED.withDescription(call.getMethodDescriptor().getBareMethodName()
            + " needs a certificate with role nodemanager; the caller's is " + peer.get());
    refuse(call, refusal);
    return new ServerCall.Listener<>() {};
  }

  /**
   * The names {@code certificate} carries, read once per TLS session (kept in it): every heartbeat of a node
   * arrives on the same session, and parsing the alternative names each time would cost each heartbeat.
   */
  private static CertificateNames namesOf(SSLSession session, X509Certificate certificate) {
    if (session.getValue(NAMES) instanceof CertificateNames names) {
      return names;
    }
    CertificateNames names = CertificateNames.of(certificate);
    session.putValue(NAMES, names);
    return names;
  }

  /**
   * Why a caller whose certificate carries {@code certificate}'s names, connected from {@code peer}, may
   * not speak for {@code node}; empty when it may.
   */
  static Optional<String> refusal(NodeId node, CertificateNames certificate, SocketAddress peer) {
    if (!certificate.includes(node.host())) {
      return Optional.of("node '" + node + "' is not a name of the caller's certificate " + certificate);
    }
    if (CertificateNames.isLoopback(node.host()) && !CertificateNames.isLoopback(peer)) {
      return Optional.of("node '" + node + "' is a loopback name, which the caller's certificate " + certificate
          + " vouches for only on a connection from the ResourceManager's own host; this one comes from " + peer);
    }
    return Optional.empty();
  }

  /** The node id a resource-tracker request speaks for, as the tracker service reads it. */
  static String nodeIdOf(Object request) {
    if (request instanceof RegisterNodeManagerRequest register) {
      return register.getNodeId();
    }
    if (request instanceof NodeHeartbeatRequest heartbeat) {
      return heartbeat.getNodeStatus().getNodeId();
    }
    if (request instanceof UnRegisterNodeManagerRequest unregister) {
      return unregister.getNodeId();
    }
    // A call added to the service without a rule here is refused rather than let through unchecked.
    throw new IllegalArgumentException("no node id is known in a " + request.getClass().getSimpleName());
  }

  private static void refuse(ServerCall<?, ?> call, Status refusal) {
    LOG.warn("Refused {} from {}: {}", call.getMethodDescriptor().getFullMethodName(),
        call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), refusal.getDescription());
    call.close(refusal, new Metadata());
  }

  /**
   * Passes a request on only when the caller's certificate names the host of the node it speaks for;
   * otherwise closes the call, and the service never sees it. gRPC calls a listener's methods one at a time.
   */
  private static final class OwnNodeOnly<Q, R> extends SimpleForwardingServerCallListener<Q> {
    private final ServerCall<Q, R> call;
    private final CertificateNames certificate;
    private boolean refused;

    OwnNodeOnly(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, CertificateNames certificate) {
      super(delegate);
      this.call = requireNonNull(call);
      this.certificate = requireNonNull(certificate);
    }

    @Override
    public void onMessage(Q request) {
      if (refused) {
        return;
      }
      Optional<Status> refusal = check(request);
      if (refusal.isPresent()) {
        refused = true;
        refuse(call, refusal.get());
        return;
      }
      super.onMessage(request);
    }

    @Override
    public void onHalfClose() {
      // The service has no request to answer; the call is already closed.
      if (!refused) {
        super.onHalfClose();
      }
    }

    @Override
    public void onReady() {
      if (!refused) {
        super.onReady();
      }
    }

    private Optional<Status> check(Q request) {
      String nodeId;
      try {
        nodeId = nodeIdOf(request);
      } catch (IllegalArgumentException e) {
        return Optional.of(Status.INTERNAL.withDescription(call.getMethodDescriptor().getBareMethodName()
            + " cannot be checked against the caller's certificate: " + e.getMessage()));
      }
      NodeId node;
      try {
        node = NodeId.parse(nodeId);
      } catch (WeftException e) {
        return Optional.of(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
      }
      return refusal(node, certificate, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR))
          .map(Status.PERMISSION_DENIED::withDescription);
    }
  }
}
