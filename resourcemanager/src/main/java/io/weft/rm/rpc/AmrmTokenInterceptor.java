package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.AuthHeaders;

/**
 * Admits ApplicationMasterService calls only with a genuine AMRM token, and makes the attempt it
 * names available to the service through {@link #ATTEMPT}.
 */
public final class AmrmTokenInterceptor implements ServerInterceptor {
  static final Context.Key<ApplicationAttemptId> ATTEMPT = Context.key("weft-amrm-attempt");
  private final TokenIssuer tokens;

  public AmrmTokenInterceptor(TokenIssuer tokens) {
    this.tokens = requireNonNull(tokens);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    ApplicationAttemptId attempt;
    try {
      attempt = tokens.verifyAmrm(headers.get(AuthHeaders.AMRM_TOKEN));
    } catch (WeftException e) {
      var status = RpcErrors.toStatus(e);
      call.close(status.getStatus(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(ATTEMPT, attempt), call, headers, next);
  }

  /** The attempt a call is for: the token's; PERMISSION_DENIED when the request names another. */
  static ApplicationAttemptId authorize(String requested) {
    ApplicationAttemptId fromToken = ATTEMPT.get();
    if (fromToken == null) {
      throw WeftException.unauthenticated("missing AMRM token");
    }
    if (requested != null && !requested.isBlank() && !ApplicationAttemptId.parse(requested).equals(fromToken)) {
      throw WeftException.permissionDenied("the AMRM token is for attempt " + fromToken + ", not " + requested);
    }
    return fromToken;
  }
}
