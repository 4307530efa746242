package io.weft.rm.web;

import io.weft.common.rpc.WeftException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits, bounded, for the RM core's answers on a web thread; core errors come out as they went in. */
final class Futures {
  static final long TIMEOUT_SECONDS = 10;

  private Futures() {}

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw WeftException.unavailable("interrupted while waiting for the ResourceManager core");
    } catch (TimeoutException e) {
      throw WeftException.unavailable("the ResourceManager core did not answer within " + TIMEOUT_SECONDS + " s");
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw WeftException.internal(String.valueOf(cause), cause);
    }
  }
}
