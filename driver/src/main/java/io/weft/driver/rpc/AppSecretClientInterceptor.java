package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.weft.common.security.AuthHeaders;

/** Adds the application's secret to every call. */
public final class AppSecretClientInterceptor implements ClientInterceptor {
  private final String secret;

  public AppSecretClientInterceptor(String secret) {
    this.secret = requireNonNull(secret);
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(AuthHeaders.APP_SECRET, secret);
        super.start(listener, headers);
      }
    };
  }
}
