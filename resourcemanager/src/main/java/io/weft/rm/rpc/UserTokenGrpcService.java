package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.weft.common.rpc.RpcErrors;
import io.weft.proto.CreateTokenRequest;
import io.weft.proto.CreateTokenResponse;
import io.weft.proto.ListTokensRequest;
import io.weft.proto.ListTokensResponse;
import io.weft.proto.RevokeTokenRequest;
import io.weft.proto.UserTokenInfo;
import io.weft.proto.UserTokenServiceGrpc;
import io.weft.rm.auth.IssuedToken;
import io.weft.rm.auth.UserTokens;
import io.weft.rm.store.UserTokenRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** UserTokenService over {@link UserTokens}; served behind the admin ACL. */
public final class UserTokenGrpcService extends UserTokenServiceGrpc.UserTokenServiceImplBase {
  private final UserTokens tokens;

  public UserTokenGrpcService(UserTokens tokens) {
    this.tokens = requireNonNull(tokens);
  }

  @Override
  public void createToken(CreateTokenRequest request, StreamObserver<CreateTokenResponse> out) {
    answer(out, () -> {
      if (request.getLifetimeMs() < 0) {
        throw io.weft.common.rpc.WeftException.invalidArgument("token lifetime " + request.getLifetimeMs()
            + " ms must be positive (0 = no expiry)");
      }
      Optional<Duration> lifetime = request.getLifetimeMs() == 0 ? Optional.empty()
          : Optional.of(Duration.ofMillis(request.getLifetimeMs()));
      IssuedToken issued = tokens.issue(request.getUser(), lifetime, CallerInterceptor.user());
      return CreateTokenResponse.newBuilder().setInfo(info(issued.record())).setToken(issued.bearer()).build();
    });
  }

  @Override
  public void revokeToken(RevokeTokenRequest request, StreamObserver<UserTokenInfo> out) {
    answer(out, () -> info(tokens.revoke(request.getId(), CallerInterceptor.user())));
  }

  @Override
  public void listTokens(ListTokensRequest request, StreamObserver<ListTokensResponse> out) {
    answer(out, () -> ListTokensResponse.newBuilder()
        .addAllTokens(tokens.list().stream().map(UserTokenGrpcService::info).toList()).build());
  }

  static UserTokenInfo info(UserTokenRecord r) {
    return UserTokenInfo.newBuilder().setId(r.id()).setUser(r.user()).setIssuedMs(r.issued().toEpochMilli())
        .setExpiresMs(r.expires().map(Instant::toEpochMilli).orElse(0L))
        .setRevokedMs(r.revoked().map(Instant::toEpochMilli).orElse(0L)).setIssuedBy(r.issuedBy()).build();
  }

  private static <R> void answer(StreamObserver<R> out, Supplier<R> body) {
    R response;
    try {
      response = body.get();
    } catch (RuntimeException e) {
      out.onError(RpcErrors.toStatus(e));
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }
}
