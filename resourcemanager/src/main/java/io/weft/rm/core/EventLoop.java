package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 * <p>A command that can wait a moment ({@link #callSoon}: a heartbeat, an Allocate) waits for company instead of
 * waking the loop by itself: the next batch starts when the earliest command waiting is due (a call is due at once,
 * an unhurried command its {@code linger} after it came), and takes every command waiting, in the order they came.
 * At thousands of heartbeats a second that makes one wake-up of the loop (and of each transport thread its answers go
 * to) per linger instead of one per heartbeat; the thread wake-ups, not the work, were most of what heartbeats cost.
 * Allocate calls that come within a linger share one scheduling pass and one published snapshot, which cost more
 * than the calls themselves.
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
  /** No command waits ({@link #nextDue}); the loop is not waiting ({@link #waitingUntil}). */
  private static final long NEVER = Long.MAX_VALUE;
  private static final long AWAKE = Long.MIN_VALUE;
  /** Every command given and not yet taken, in the order given. */
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  /**
   * The {@link System#nanoTime} by which the next batch must start for the commands given since the loop last took
   * them ({@link #NEVER}: none). Lowered by the callers, reset by the loop before it takes them; at worst it is
   * earlier than needed (a batch comes sooner), never later.
   */
  private final AtomicLong nextDue = new AtomicLong(NEVER);
  /** Until when the loop sleeps ({@link #NEVER}: until woken; {@link #AWAKE}: it is not sleeping). */
  private volatile long waitingUntil = AWAKE;
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

  /** {@code endOfBatch} runs on the loop after each batch of commands, before their futures complete. */
  public EventLoop(String name, Runnable endOfBatch) {
    this.endOfBatch = requireNonNull(endOfBatch);
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  public EventLoop(String name) {
    this(name, () -> { });
  }

  /**
   * Runs {@code command} on the loop; its result or exception completes the future once the batch it
   * ran in has ended (its scheduling pass run and its snapshot published).
   */
  public <T> CompletableFuture<T> call(Supplier<T> command) {
    return callSoon(Duration.ZERO, command);
  }

  /**
   * As {@link #call}, for a command that can wait a moment: it runs with the next batch, at the latest
   * {@code linger} after now, and wakes the loop only when it sleeps longer than that (idle, or for later commands).
   */
  public <T> CompletableFuture<T> callSoon(Duration linger, Supplier<T> command) {
    if (linger.isNegative()) {
      throw new IllegalArgumentException("an unhurried command's linger must be 0 or more, not " + linger);
    }
    CompletableFuture<T> future = new CompletableFuture<>();
    enqueue(completing(command, future), System.nanoTime() + linger.toNanos());
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

  /** Queues {@code command} to run in the next batch, at once. */
  private void enqueue(Runnable command) {
    enqueue(command, System.nanoTime());
  }

  /** Queues {@code command} to run in a batch that starts by {@code due} ({@link System#nanoTime}). */
  private void enqueue(Runnable command, long due) {
    rejectIfClosed();
    give(command, due);
  }

  private void give(Runnable command, long due) {
    queue.add(command);
    // Lowered before the loop's sleep is read, as the loop publishes its sleep before it reads this again: the loop
    // sees this due, or this sees the loop's sleep (Dekker's pattern on two volatiles), so none is missed.
    nextDue.accumulateAndGet(due, Math::min);
    if (due < waitingUntil) {
      LockSupport.unpark(thread);
    }
  }

  private void rejectIfClosed() {
    if (closed) {
      throw new RejectedExecutionException("the RM core loop " + thread.getName() + " is closed");
    }
  }

  private void run() {
    List<Runnable> batch = new ArrayList<>();
    while (true) {
      if (!sleepUntilDue()) {
        return;
      }
      // Reset before they are taken: one given after the reset is taken now or keeps its due for the next batch.
      nextDue.set(NEVER);
      for (Runnable command = queue.poll(); command != null;
          command = batch.size() < MAX_BATCH ? queue.poll() : null) {
        batch.add(command);
      }
      if (!queue.isEmpty()) {
        nextDue.accumulateAndGet(System.nanoTime(), Math::min);
      }
      if (batch.isEmpty()) {
        continue;
      }
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
   * Sleeps until the earliest command waiting is due (until woken while none waits), so that unhurried ones arriving
   * meanwhile gather; a command due sooner than the sleep ends wakes the loop. False once the loop is interrupted.
   */
  private boolean sleepUntilDue() {
    while (true) {
      waitingUntil = nextDue.get();
      // Read again after the sleep is published: a caller that lowered it meanwhile may have seen no sleep (give).
      long due = nextDue.get();
      long sleep = due - System.nanoTime();
      if (sleep <= 0) {
        waitingUntil = AWAKE;
        return true;
      }
      if (due == NEVER) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, sleep);
      }
      waitingUntil = AWAKE;
      if (Thread.interrupted()) {
        return false;
      }
    }
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
   * Commands waiting behind the batch running (YARN's rmEventQueueSize); any thread. Counts them by
   * walking them (about a linger's worth) rather than keeping a counter every heartbeat and call would update.
   */
  int waiting() {
    return queue.size();
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
    give(STOP, System.nanoTime());
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
