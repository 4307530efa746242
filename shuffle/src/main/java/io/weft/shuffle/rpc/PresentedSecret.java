package io.weft.shuffle.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.weft.common.security.AuthHeaders;

/**
 * Hands the application secret a call carries to the handler: the shuffle service serves many
 * applications, so only the handler, which reads the application from the request, can check it.
 */
public final class PresentedSecret implements ServerInterceptor {
  static final Context.Key<String> SECRET = Context.key("weft-presented-app-secret");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    return Contexts.interceptCall(Context.current().withValue(SECRET, headers.get(AuthHeaders.APP_SECRET)), call,
        headers, next);
  }

  /** The secret the current call presented, or null. */
  static String current() {
    return SECRET.get();
  }
}
