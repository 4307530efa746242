package io.weft.rm.auth;

import static java.util.Objects.requireNonNull;

import io.grpc.Metadata;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.AuthHeaders;
import io.weft.common.security.Authentication;
import io.weft.common.web.WebRequest;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLSession;

/**
 * The one place that says who a gRPC call or a web request is made as, per
 * {@code weft.security.authentication}: the claimed user (simple), the client certificate's CN
 * (tls), or the user of the bearer token (token). With tls or token a claimed user is ignored;
 * a request without the proof is UNAUTHENTICATED.
 */
public final class Authenticator {
  static final String USER_PARAM = "user.name";

  private final Authentication mode;
  private final UserTokens tokens;

  public Authenticator(Authentication mode, UserTokens tokens) {
    this.mode = requireNonNull(mode);
    this.tokens = requireNonNull(tokens);
  }

  public Authentication mode() {
    return mode;
  }

  public UserTokens tokens() {
    return tokens;
  }

  /** The caller of a gRPC call with {@code headers}, over {@code ssl} (null when the connection is not TLS). */
  public Caller grpcCaller(SSLSession ssl, Metadata headers) {
    return switch (mode) {
      case SIMPLE -> claimed(headers.get(AuthHeaders.USER));
      case TLS -> new Caller(TlsPeer.user(ssl), Caller.Proof.CERTIFICATE);
      case TOKEN -> new Caller(tokens.verify(bearer(headers.get(AuthHeaders.AUTHORIZATION))), Caller.Proof.BEARER);
    };
  }

  /**
   * The caller of a web request: {@code ?user.name=} (simple), the certificate's CN (tls), or an
   * {@code Authorization: Bearer} token, else the user of the session cookie that {@code sessions}
   * knows (token).
   */
  public Caller webCaller(WebRequest r, Function<WebRequest, Optional<String>> sessions) {
    return switch (mode) {
      case SIMPLE -> claimed(r.query(USER_PARAM, null));
      case TLS -> new Caller(TlsPeer.user(r.peerCertificates()), Caller.Proof.CERTIFICATE);
      case TOKEN -> {
        String authorization = r.header("Authorization", null);
        if (authorization != null) {
          yield new Caller(tokens.verify(bearer(authorization)), Caller.Proof.BEARER);
        }
        yield sessions.apply(r).map(user -> new Caller(user, Caller.Proof.SESSION)).orElseThrow(() ->
            WeftException.unauthenticated("no credentials: send 'Authorization: Bearer <token>' or log in at /login "
                + "(this cluster has weft.security.authentication=token)"));
      }
    };
  }

  private static Caller claimed(String user) {
    return user == null || user.isBlank() ? new Caller(Caller.ANONYMOUS, Caller.Proof.CLAIMED)
        : new Caller(user.strip(), Caller.Proof.CLAIMED);
  }

  private static String bearer(String authorization) {
    if (authorization == null) {
      throw WeftException.unauthenticated("no bearer token: this cluster has weft.security.authentication=token; "
          + "put a token from 'bin/weft security token create' in ~/.weft/token or $WEFT_TOKEN");
    }
    if (!authorization.regionMatches(true, 0, AuthHeaders.BEARER, 0, AuthHeaders.BEARER.length())) {
      throw WeftException.unauthenticated("the Authorization header is not 'Bearer <token>'");
    }
    return authorization.substring(AuthHeaders.BEARER.length());
  }
}
