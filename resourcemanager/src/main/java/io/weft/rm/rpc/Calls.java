package io.weft.rm.rpc;

import io.grpc.stub.StreamObserver;
import io.weft.common.rpc.RpcErrors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Answers unary calls from the core's futures, mapping failures with the one shared mapping. */
final class Calls {
  private Calls() {}

  static <T, R> void answer(StreamObserver<R> observer, Supplier<CompletableFuture<T>> command,
      Function<T, R> toResponse) {
    CompletableFuture<T> future;
    try {
      future = command.get();
    } catch (RuntimeException e) {
      observer.onError(RpcErrors.toStatus(e));
      return;
    }
    future.whenComplete((value, error) -> {
      if (error != null) {
        observer.onError(RpcErrors.toStatus(unwrap(error)));
        return;
      }
      R response;
      try {
        response = toResponse.apply(value);
      } catch (RuntimeException e) {
        observer.onError(RpcErrors.toStatus(e));
        return;
      }
      observer.onNext(response);
      observer.onCompleted();
    });
  }

  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
