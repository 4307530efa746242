package io.weft.common.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waiting on something only another process can change (a daemon's state over HTTP or RPC): the
 * check runs at a fixed interval on a scheduler thread and the caller waits on its answer, instead of
 * a loop that sleeps.
 */
public final class Poll {
  private Poll() {}

  /**
   * Runs {@code check} now and then every {@code interval} until it answers a value, which is
   * returned; empty once {@code timeout} (null = none) has passed. A check that throws ends the wait
   * with its exception.
   */
  public static <T> Optional<T> until(Supplier<Optional<T>> check, Duration interval, Duration timeout)
      throws InterruptedException {
    CompletableFuture<T> answer = new CompletableFuture<>();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "poll");
      thread.setDaemon(true);
      return thread;
    });
    try {
      scheduler.scheduleWithFixedDelay(() -> {
        try {
          check.get().ifPresent(answer::complete);
        } catch (RuntimeException e) {
          answer.completeExceptionally(e);
        }
      }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.of(timeout == null ? answer.get() : answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      scheduler.shutdownNow();
    }
  }
}
