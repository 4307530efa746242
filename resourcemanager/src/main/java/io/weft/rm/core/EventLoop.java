package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The single thread that owns RM core state. Commands run one at a time, in submission order, in
 * batches: the loop takes every command waiting (up to {@link #MAX_BATCH}), runs them, then runs the
 * end-of-batch work (one scheduling pass for the whole batch, then publishing the snapshot readers
 * see), and only then completes the futures of the batch's calls. So a caller that acts on a call's
 * answer always reads a snapshot that contains that call's effects, and no reader ever sees a batch
 * half-applied.
 *
 * <p>A command that can wait a moment ({@link #callSoon}: a heartbeat) waits for company instead of waking the
 * loop by itself: it runs with the next batch, at the latest {@code linger} after the loop last looked (the
 * loop lingers only while such commands keep coming; after calls alone it runs them at once). At
 * thousands of heartbeats a second that makes one wake-up of the loop (and of each transport thread its
 * answers go to) per {@code linger} instead of one per heartbeat; the thread wake-ups, not the work, were
 * most of what heartbeats cost.
 *
 * <p>It measures itself for the cluster metrics: how many commands wait, and the share of the last
 * whole second (or more, when idle) it spent running them.
 */
public final class EventLoop implements Executor, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Bounds how long the first command of a batch waits for its answer behind the others. */
  static final int MAX_BATCH = 1024;
  private static final Runnable STOP = () -> { };
  /** Wakes a loop waiting with no deadline when an unhurried command arrives; runs nothing. */
  private static final Runnable NUDGE = () -> { };
  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Runnable> unhurried = new ConcurrentLinkedQueue<>();
  /** Set while the loop waits with no deadline: the next unhurried command must nudge it. */
  private final AtomicBoolean idle = new AtomicBoolean();
  private final long lingerNanos;
  private final Thread thread;
  private final Runnable endOfBatch;
  private volatile boolean closed;
  /** Futures of this batch's calls with their outcome, completed once the batch is published. Loop only. */
  private final List<Runnable> completions = new ArrayList<>();
  // written on the loop thread only
  private long windowStart = System.nanoTime();
  private long busyInWindow;
  private volatile int busyPercent;
  /** A test's look between two commands of a batch; null in production. Loop only. */
  private Runnable betweenCommands;

  /**
   * {@code endOfBatch} runs on the loop after each batch of commands, before their futures complete; an
   * unhurried command waits at most {@code linger} for company.
   */
  public EventLoop(String name, Duration linger, Runnable endOfBatch) {
    if (linger.isNegative()) {
      throw new IllegalArgumentException("an event loop's linger must be 0 or more, not " + linger);
    }
    this.lingerNanos = linger.toNanos();
    this.endOfBatch = requireNonNull(endOfBatch);
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  public EventLoop(String name) {
    this(name, Duration.ZERO, () -> { });
  }

  /**
   * Runs {@code command} on the loop; its result or exception completes the future once the batch it
   * ran in has ended (its scheduling pass run and its snapshot published).
   */
  public <T> CompletableFuture<T> call(Supplier<T> command) {
    CompletableFuture<T> future = new CompletableFuture<>();
    enqueue(completing(command, future));
    return future;
  }

  /**
   * As {@link #call}, for a command that can wait a moment: it wakes nobody unless the loop is idle, and runs
   * with the next batch, at the latest {@code linger} after the loop last looked for commands.
   */
  public <T> CompletableFuture<T> callSoon(Supplier<T> command) {
    CompletableFuture<T> future = new CompletableFuture<>();
    rejectIfClosed();
    unhurried.add(completing(command, future));
    if (idle.compareAndSet(true, false)) {
      queue.add(NUDGE);
    }
    return future;
  }

  private <T> Runnable completing(Supplier<T> command, CompletableFuture<T> future) {
    return () -> {
      try {
        T result = command.get();
        completions.add(() -> future.complete(result));
      } catch (Throwable e) {
        completions.add(() -> future.completeExceptionally(e));
      }
    };
  }

  /**
   * A future that completes as {@code done} does, but only once a batch that ended after {@code done}
   * completed is published, so its caller reads a snapshot that shows what {@code done} waited for.
   */
  public <T> CompletableFuture<T> afterBatch(CompletableFuture<T> done) {
    CompletableFuture<T> out = new CompletableFuture<>();
    done.whenComplete((value, error) -> {
      Runnable complete = () -> {
        if (error != null) {
          out.completeExceptionally(error);
        } else {
          out.complete(value);
        }
      };
      if (inLoop()) {
        completions.add(complete);
        return;
      }
      // Off the loop, done may have completed inside a batch still running (a caller that registered late finds
      // it complete): a command of our own ends in a batch published after that one.
      try {
        enqueue(() -> completions.add(complete));
      } catch (RejectedExecutionException closing) {
        complete.run();
      }
    });
    return out;
  }

  @Override
  public void execute(Runnable command) {
    enqueue(() -> {
      try {
        command.run();
      } catch (RuntimeException e) {
        LOG.error("RM core command failed", e);
      }
    });
  }

  private void enqueue(Runnable command) {
    rejectIfClosed();
    queue.add(command);
  }

  private void rejectIfClosed() {
    if (closed) {
      throw new RejectedExecutionException("the RM core loop " + thread.getName() + " is closed");
    }
  }

  private void run() {
    List<Runnable> batch = new ArrayList<>();
    boolean unhurriedLeftOver = false;
    boolean unhurriedComing = false;
    while (true) {
      Runnable first;
      try {
        first = unhurriedLeftOver ? queue.poll() : awaitCommands(unhurriedComing);
      } catch (InterruptedException e) {
        return;
      }
      // The unhurried commands came before the call that ends their wait (the first), or at worst with it.
      for (Runnable command = unhurried.poll(); command != null;
          command = batch.size() < MAX_BATCH - 1 ? unhurried.poll() : null) {
        batch.add(command);
      }
      unhurriedComing = !batch.isEmpty();
      unhurriedLeftOver = !unhurried.isEmpty();
      if (first != null) {
        batch.add(first);
      }
      queue.drainTo(batch, MAX_BATCH - batch.size());
      long start = System.nanoTime();
      boolean stop = false;
      for (Runnable command : batch) {
        if (command == STOP) {
          stop = true;
          continue;
        }
        command.run();
        if (betweenCommands != null) {
          betweenCommands.run();
        }
      }
      batch.clear();
      try {
        endOfBatch.run();
      } catch (RuntimeException e) {
        LOG.error("RM core end-of-batch work failed", e);
      }
      while (!completions.isEmpty()) {
        List<Runnable> due = new ArrayList<>(completions);
        completions.clear();
        due.forEach(Runnable::run);
      }
      measured(start);
      if (stop) {
        return;
      }
    }
  }

  /**
   * The first command of the next batch, or null when only unhurried ones are due. While unhurried commands
   * keep coming (the last batch had some), waits up to {@code linger} for a call (returning at once when one
   * comes), so that those arriving meanwhile gather. Otherwise, or when none came, waits with no deadline
   * until a call or the first unhurried command, which then gathers company for {@code linger} too.
   */
  private Runnable awaitCommands(boolean unhurriedComing) throws InterruptedException {
    Runnable first = unhurriedComing ? queue.poll(lingerNanos, TimeUnit.NANOSECONDS) : queue.poll();
    if (first != null || !unhurried.isEmpty()) {
      return first;
    }
    idle.set(true);
    if (unhurried.isEmpty()) {
      first = queue.take();
    }
    idle.set(false);
    return first == null || first == NUDGE ? queue.poll(lingerNanos, TimeUnit.NANOSECONDS) : first;
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

  /** Test hook: runs {@code look} on the loop after every command, inside a batch (null removes it). Call on the loop. */
  void betweenCommands(Runnable look) {
    this.betweenCommands = look;
  }

  /**
   * Commands waiting behind the batch running (YARN's rmEventQueueSize); any thread. Counts the unhurried ones by
   * walking them (a linger's worth at most) rather than keeping a counter every heartbeat would update.
   */
  int waiting() {
    return queue.size() + unhurried.size();
  }

  /** Percent of the last measured window the loop spent running commands; any thread. */
  int busyPercent() {
    return busyPercent;
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Runs what is queued already, then stops; waits up to 5 s for that, then interrupts the loop. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    if (inLoop()) {
      return;
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
      if (thread.isAlive()) {
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
    }
  }
}
