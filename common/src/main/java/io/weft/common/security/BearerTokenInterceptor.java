package io.weft.common.security;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Sends a user's bearer token ({@link AuthHeaders#AUTHORIZATION}) on every call of a client channel. */
public final class BearerTokenInterceptor implements ClientInterceptor {
  private final String header;

  public BearerTokenInterceptor(String token) {
    this.header = AuthHeaders.BEARER + requireNonNull(token).strip();
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(AuthHeaders.AUTHORIZATION, header);
        super.start(listener, headers);
      }
    };
  }
}
