package io.weft.history.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.PeerIdentity;
import java.util.Optional;

/**
 * Who may write and read the log store. Without TLS anyone who reaches the port may do both (as with the
 * cluster's other plaintext services). With TLS only a caller with a certificate of the cluster CA whose role is
 * {@code nodemanager} (or {@code resourcemanager}) may write: a stranger cannot plant or overwrite an
 * application's logs. Reads are not restricted further: the history server cannot verify the RM's bearer tokens
 * and does not know an application's owner (see docs/security.md, "Aggregated logs").
 */
public final class LogStoreAccess implements ServerInterceptor {
  private static final Context.Key<Caller> CALLER = Context.key("weft.log-store-caller");

  private final boolean tls;

  /** The peer of a call: its certificate's identity, if it presented one. */
  public record Caller(Optional<PeerIdentity> peer) {
    @Override
    public String toString() {
      return peer.map(PeerIdentity::toString).orElse("a caller without a certificate");
    }
  }

  public LogStoreAccess(boolean tls) {
    this.tls = tls;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Caller caller = new Caller(PeerIdentity.of(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
    return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
  }

  /** The caller of the current call (a caller without identity outside one). */
  Caller caller() {
    Caller caller = CALLER.get();
    return caller == null ? new Caller(Optional.empty()) : caller;
  }

  void checkWrite(Caller caller, ApplicationId app, String name) {
    if (!tls) {
      return;
    }
    boolean daemon = caller.peer().map(p -> p.is(CertRole.NODEMANAGER) || p.is(CertRole.RESOURCEMANAGER))
        .orElse(false);
    if (!daemon) {
      throw caller.peer().isEmpty()
          ? WeftException.unauthenticated("writing " + app + "/" + name + " to the log store needs a NodeManager's "
              + "certificate of the cluster CA (role nodemanager); the caller presented none")
          : WeftException.permissionDenied("writing " + app + "/" + name + " to the log store needs a certificate "
              + "with role nodemanager; the caller's is " + caller);
    }
  }

  void checkRead(Caller caller, ApplicationId app) {
    // Everyone who may connect may read; see the class comment.
  }

  boolean mayRead(Caller caller, ApplicationId app) {
    return true;
  }
}
