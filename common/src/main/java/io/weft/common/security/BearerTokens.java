package io.weft.common.security;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.hash.Hashing;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.WhoAmIRequest;
import io.weft.proto.WhoAmIResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The users of the bearer tokens callers present ({@code weft.security.authentication=token}), as the RM that issued
 * them says ({@code WhoAmI} called with the token), for the servers that are not the RM (the history server's pages
 * and log store, the NodeManagers' log pages). A token the RM accepted is believed for {@link #REMEMBERED}, so a
 * page of many requests asks once; a revocation therefore reaches those servers within that time.
 */
public final class BearerTokens implements AutoCloseable {
  public static final Duration REMEMBERED = Duration.ofMinutes(1);

  private final ManagedChannel rm;
  private final Duration timeout;
  private final Cache<String, String> users = CacheBuilder.newBuilder().maximumSize(10_000)
      .expireAfterWrite(REMEMBERED).build();

  /** {@code rm}: a channel to the ResourceManagers (closed with this). */
  public BearerTokens(ManagedChannel rm, Duration timeout) {
    this.rm = rm;
    this.timeout = timeout;
  }

  /** No ResourceManager to ask: every token is refused (used where users are not known by token). */
  public static BearerTokens none() {
    return new BearerTokens(null, Duration.ZERO);
  }

  /** The user {@code authorization} ({@code Bearer <token>}) belongs to; UNAUTHENTICATED if none, or the RM refuses it. */
  public String userOf(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, AuthHeaders.BEARER, 0,
        AuthHeaders.BEARER.length())) {
      throw WeftException.unauthenticated("no bearer token: this server knows its users by the RM's tokens "
          + "(weft.security.authentication=token); send 'Authorization: Bearer <token>'");
    }
    String token = authorization.substring(AuthHeaders.BEARER.length()).strip();
    String key = Hashing.sha256().hashString(token, StandardCharsets.UTF_8).toString();
    String known = users.getIfPresent(key);
    if (known != null) {
      return known;
    }
    if (rm == null) {
      throw WeftException.unauthenticated("this server has no ResourceManager to verify bearer tokens with");
    }
    WhoAmIResponse answer;
    try {
      answer = ApplicationClientServiceGrpc.newBlockingStub(ClientInterceptors.intercept(rm,
              new BearerTokenInterceptor(token)))
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).whoAmI(WhoAmIRequest.getDefaultInstance());
    } catch (RuntimeException e) {
      WeftException cause = RpcErrors.fromStatus(e, "verify a bearer token with the ResourceManager");
      throw cause.code() == WeftException.Code.UNAUTHENTICATED ? cause
          : WeftException.unavailable("cannot verify the bearer token: " + cause.getMessage());
    }
    if (!"BEARER".equals(answer.getProof())) {
      throw WeftException.unauthenticated("the ResourceManager does not know users by token (it answered "
          + answer.getProof() + "); set the same weft.security.authentication on both");
    }
    users.put(key, answer.getUser());
    return answer.getUser();
  }

  @Override
  public void close() {
    if (rm != null) {
      Channels.close(rm);
    }
  }
}
