package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.weft.common.security.AuthHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Refuses, as UNAUTHENTICATED, every call that does not carry the application's secret. */
public final class AppSecretServerInterceptor implements ServerInterceptor {
  private final String applicationId;
  private final byte[] secret;

  public AppSecretServerInterceptor(String applicationId, String secret) {
    this.applicationId = requireNonNull(applicationId);
    this.secret = requireNonNull(secret).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String presented = headers.get(AuthHeaders.APP_SECRET);
    if (presented == null || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
      call.close(Status.UNAUTHENTICATED.withDescription((presented == null ? "missing" : "wrong")
          + " application secret for the driver of " + applicationId), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
