package io.weft.rm.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The single thread that owns RM core state. Commands run one at a time, in submission order. It
 * measures itself for the cluster metrics: how many commands wait, and the share of the last whole
 * second (or more, when idle) it spent running them.
 */
public final class EventLoop implements Executor, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
  private final ThreadPoolExecutor executor;
  private volatile Thread thread;
  // written and read on the loop thread only
  private long windowStart = System.nanoTime();
  private long busyInWindow;
  private int busyPercent;

  public EventLoop(String name) {
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  /** Runs {@code command} on the loop; its result or exception completes the future. */
  public <T> CompletableFuture<T> call(Supplier<T> command) {
    return CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      try {
        return command.get();
      } finally {
        measured(start);
      }
    }, executor);
  }

  @Override
  public void execute(Runnable command) {
    executor.execute(() -> {
      long start = System.nanoTime();
      try {
        command.run();
      } catch (RuntimeException e) {
        LOG.error("RM core command failed", e);
      } finally {
        measured(start);
      }
    });
  }

  private void measured(long start) {
    long end = System.nanoTime();
    busyInWindow += end - start;
    long window = end - windowStart;
    if (window >= WINDOW_NANOS) {
      busyPercent = (int) Math.min(100, busyInWindow * 100 / window);
      windowStart = end;
      busyInWindow = 0;
    }
  }

  /** Commands waiting behind the one running (YARN's rmEventQueueSize). */
  int waiting() {
    return executor.getQueue().size();
  }

  /** Percent of the last measured window the loop spent running commands; call on the loop. */
  int busyPercent() {
    return busyPercent;
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
