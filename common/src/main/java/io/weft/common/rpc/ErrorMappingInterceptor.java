package io.weft.common.rpc;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;

/**
 * Turns an exception thrown by a service method into the status {@link RpcErrors} picks, so
 * handlers simply throw domain exceptions and never build statuses by hand.
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {
  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> delegate = next.startCall(call, headers);
    return new SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        guard(call, () -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        guard(call, super::onHalfClose);
      }

      @Override
      public void onReady() {
        guard(call, super::onReady);
      }
    };
  }

  private static void guard(ServerCall<?, ?> call, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      StatusRuntimeException status = RpcErrors.toStatus(e);
      try {
        call.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
      } catch (IllegalStateException alreadyClosed) {
        // The handler had already answered; nothing more can be sent.
      }
    }
  }
}
