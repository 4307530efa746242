package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
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
import io.weft.proto.Token;

/**
 * Admits ApplicationMasterService calls only with a genuine AMRM token, and makes the attempt it
 * names available to the service through {@link #ATTEMPT}.
 */
public final class AmrmTokenInterceptor implements ServerInterceptor {
  static final Context.Key<ApplicationAttemptId> ATTEMPT = Context.key("weft-amrm-attempt");
  /** The token the call presented (genuine): an Allocate answers a new one when its key has rolled. */
  static final Context.Key<Token> TOKEN = Context.key("weft-amrm-token");
  private final TokenIssuer tokens;

  public AmrmTokenInterceptor(TokenIssuer tokens) {
    this.tokens = requireNonNull(tokens);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    ApplicationAttemptId attempt;
    Token token;
    try {
      byte[] presented = headers.get(AuthHeaders.AMRM_TOKEN);
      attempt = tokens.verifyAmrm(presented);
      token = Token.parseFrom(presented);
    } catch (WeftException e) {
      var status = RpcErrors.toStatus(e);
      call.close(status.getStatus(), new Metadata());
      return new ServerCall.Listener<>() {};
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a verified AMRM token no longer parses", e);
    }
    return Contexts.interceptCall(Context.current().withValue(ATTEMPT, attempt).withValue(TOKEN, token), call,
        headers, next);
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
