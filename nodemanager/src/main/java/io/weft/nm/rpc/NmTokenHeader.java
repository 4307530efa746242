package io.weft.nm.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.weft.common.security.AuthHeaders;

/**
 * Hands the NM token a call carries ({@link AuthHeaders#NM_TOKEN}) to the service, unchecked: only
 * the calls that need one check it ({@link NmTokenVerifier}), where the refusal can name the containers.
 */
public final class NmTokenHeader implements ServerInterceptor {
  private static final Context.Key<byte[]> TOKEN = Context.key("weft-nm-token");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    byte[] token = headers.get(AuthHeaders.NM_TOKEN);
    if (token == null) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(Context.current().withValue(TOKEN, token), call, headers, next);
  }

  /** The serialized token the current call carries; empty when it carries none. */
  static byte[] current() {
    byte[] token = TOKEN.get();
    return token == null ? new byte[0] : token;
  }
}
