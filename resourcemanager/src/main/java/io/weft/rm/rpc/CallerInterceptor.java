package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.rm.auth.Authenticator;
import io.weft.rm.auth.Caller;

/**
 * Puts who a client call is made as into the call's context, as the {@link Authenticator} says
 * (the claimed {@code weft-user} with simple authentication, the certificate's CN with tls, the
 * token's user with token). A call it cannot authenticate is closed UNAUTHENTICATED, saying why.
 */
public final class CallerInterceptor implements ServerInterceptor {
  public static final String ANONYMOUS = Caller.ANONYMOUS;
  private static final Context.Key<Caller> CALLER = Context.key("weft-caller");

  private final Authenticator authenticator;

  public CallerInterceptor(Authenticator authenticator) {
    this.authenticator = requireNonNull(authenticator);
  }

  /** The user of the call being served ({@link #ANONYMOUS} outside an intercepted call). */
  public static String user() {
    return caller().user();
  }

  /** The caller of the call being served (an anonymous claim outside an intercepted call). */
  static Caller caller() {
    Caller caller = CALLER.get();
    return caller == null ? new Caller(ANONYMOUS, Caller.Proof.CLAIMED) : caller;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Caller caller;
    try {
      caller = authenticator.grpcCaller(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION), headers);
    } catch (WeftException e) {
      call.close(RpcErrors.toStatus(e).getStatus(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
  }
}
