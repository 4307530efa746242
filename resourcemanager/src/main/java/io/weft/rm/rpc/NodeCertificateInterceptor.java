package io.weft.rm.rpc;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.PeerIdentity;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * With TLS, only a NodeManager may speak the resource-tracker protocol: the caller must have presented
 * a certificate of the cluster CA whose role is {@code nodemanager}. Without it a stranger could
 * register a node, receive the container-token key, or unregister a real node.
 */
public final class NodeCertificateInterceptor implements ServerInterceptor {
  private static final Logger LOG = LogManager.getLogger();

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Optional<PeerIdentity> peer = PeerIdentity.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (peer.isPresent() && peer.get().is(CertRole.NODEMANAGER)) {
      return next.startCall(call, headers);
    }
    Status refusal = peer.isEmpty()
        ? Status.UNAUTHENTICATED.withDescription(call.getMethodDescriptor().getBareMethodName()
            + " needs a NodeManager's certificate of the cluster CA (role nodemanager); the caller presented none")
        : Status.PERMISSION_DENIED.withDescription(call.getMethodDescriptor().getBareMethodName()
            + " needs a certificate with role nodemanager; the caller's is " + peer.get());
    LOG.warn("Refused {} from {}: {}", call.getMethodDescriptor().getFullMethodName(),
        call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), refusal.getDescription());
    call.close(refusal, new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
