package io.weft.rm.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The single thread that owns RM core state. Commands run one at a time, in submission order. */
public final class EventLoop implements Executor, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  private final ExecutorService executor;
  private volatile Thread thread;

  public EventLoop(String name) {
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  /** Runs {@code command} on the loop; its result or exception completes the future. */
  public <T> CompletableFuture<T> call(Supplier<T> command) {
    return CompletableFuture.supplyAsync(command, executor);
  }

  @Override
  public void execute(Runnable command) {
    executor.execute(() -> {
      try {
        command.run();
      } catch (RuntimeException e) {
        LOG.error("RM core command failed", e);
      }
    });
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
