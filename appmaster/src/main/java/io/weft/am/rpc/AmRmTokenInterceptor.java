package io.weft.am.rpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.weft.common.security.AuthHeaders;

/**
 * Puts the attempt's AMRM token (a serialized {@code weft.Token}) on every AM -> RM call; the RM hands
 * a new one in an Allocate answer when its key rolls ({@link #replace}).
 */
public final class AmRmTokenInterceptor implements ClientInterceptor {
  private volatile byte[] token;

  public AmRmTokenInterceptor(byte[] token) {
    this.token = token.clone();
  }

  /** Presents {@code newer} from the next call on. */
  public void replace(byte[] newer) {
    this.token = newer.clone();
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(AuthHeaders.AMRM_TOKEN, token.clone());
        super.start(listener, headers);
      }
    };
  }
}
