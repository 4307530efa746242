package io.weft.rm.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.weft.common.security.AuthHeaders;

/**
 * Puts the user a client call is made as ({@link AuthHeaders#USER}) into the call's context, for
 * the queue ACL checks. A call that names no user is {@link #ANONYMOUS}, as YARN's web user.
 */
public final class CallerInterceptor implements ServerInterceptor {
  public static final String ANONYMOUS = "dr.who";
  private static final Context.Key<String> USER = Context.key("weft-caller");

  /** The user of the call being served. */
  public static String user() {
    String user = USER.get();
    return user == null || user.isBlank() ? ANONYMOUS : user;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    return Contexts.interceptCall(Context.current().withValue(USER, headers.get(AuthHeaders.USER)), call, headers,
        next);
  }
}
