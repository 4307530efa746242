package io.weft.driver.eventlog;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.LogStore;
import io.weft.driver.status.DriverEvent;
import io.weft.driver.status.DriverListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes the event log off the scheduler's path: {@link #onEvent} only offers the event to a bounded queue, and
 * a thread of its own opens the store, writes JSON lines through gzip and flushes them (a gzip sync flush, so a
 * reader can decompress everything flushed) at most every {@link #FLUSH_INTERVAL}. {@link #close} writes
 * {@link ApplicationEnded} and closes the file, which publishes it; a driver that dies first leaves it in
 * progress, readable up to its last flush.
 *
 * <p>The log never fails the application: when the store cannot be opened or written, one warning names the
 * store and the cause and the rest of the log is dropped; a full queue drops events and counts them.
 */
public final class EventLogWriter implements DriverListener, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  /** The name of the event log among the application's files in the store. */
  public static final String FILE = LogStore.EVENT_LOG;
  static final int QUEUE_CAPACITY = 10_000;
  static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  private volatile ApplicationId app;
  private final Supplier<LogStore> store;
  private final String storeName;
  private final EventLogCodec codec = EventLogCodec.standard();
  private final BlockingQueue<Record> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  /** Put in the queue by {@link #close}, so the writer does not wait out its flush interval before finishing. */
  private static final Record WAKE_UP = new ApplicationEnded(java.time.Instant.EPOCH, -1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final Clock clock;
  private Thread thread;
  private volatile boolean failed;

  /**
   * A writer that queues events from now on; {@link #start} begins writing them (the application id may be
   * known only after the first events, e.g. executors registering during a client-mode submission).
   *
   * @param storeName names the store in the warning given when it fails (its URI, or the history server's address)
   */
  public EventLogWriter(Supplier<LogStore> store, String storeName, Clock clock) {
    this.store = requireNonNull(store);
    this.storeName = requireNonNull(storeName);
    this.clock = requireNonNull(clock);
  }

  /**
   * Starts the writer thread, which opens the store (on its own thread: a store far away never delays the
   * driver), writes {@code start}, then the queued events.
   */
  public synchronized void start(ApplicationId app, ApplicationStarted start) {
    requireNonNull(app);
    requireNonNull(start);
    if (thread != null) {
      throw new IllegalStateException("the event log of " + this.app + " is already started");
    }
    this.app = app;
    thread = new Thread(() -> run(start), "event-log-writer");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void onEvent(DriverEvent event) {
    if (failed || closing.get()) {
      return;
    }
    if (!queue.offer((Record) event) && dropped.getAndIncrement() == 0) {
      LOG.warn("the event log of {} cannot keep up: its queue of {} events is full, so events are dropped "
          + "(the history server will show this application incompletely)", app, QUEUE_CAPACITY);
    }
  }

  /** The store as warnings name it. */
  public String storeName() {
    return storeName;
  }

  /** Events the log had to drop so far. */
  public long droppedEvents() {
    return dropped.get();
  }

  /** Writes what is queued and {@link ApplicationEnded}, then publishes the log; waits a bounded time. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    Thread thread;
    synchronized (this) {
      thread = this.thread;
    }
    if (thread == null) {
      queue.clear();
      return;
    }
    queue.offer(WAKE_UP); // when the queue is full the writer is busy anyway
    try {
      thread.join(CLOSE_WAIT.toMillis());
      if (thread.isAlive()) {
        LOG.warn("the event log of {} was not closed within {} s; the history server may show it as incomplete",
            app, CLOSE_WAIT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(ApplicationStarted start) {
    LogStore opened = null;
    GZIPOutputStream out = null;
    try {
      opened = store.get();
      // syncFlush: flush() ends a deflate block, so a reader of the file in progress gets every line flushed
      out = new GZIPOutputStream(opened.create(app, FILE), 64 * 1024, true);
      write(out, start);
      out.flush();
      writeUntilClosed(out);
      write(out, new ApplicationEnded(clock.instant(), dropped.get()));
      out.close();
      LOG.info("event log of {} written to {} ({} events dropped)", app, storeName, dropped.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      failed = true;
      queue.clear();
      LOG.warn("the event log of {} is not written: the log store {} failed: {}; the application runs on, but the "
          + "history server will not show it", app, storeName, e.toString());
    } finally {
      closeQuietly(opened);
    }
  }

  private void writeUntilClosed(OutputStream out) throws IOException, InterruptedException {
    List<Record> batch = new ArrayList<>();
    long lastFlush = System.nanoTime();
    boolean unflushed = false;
    while (true) {
      Record first = queue.poll(FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      if (first != null) {
        batch.add(first);
        queue.drainTo(batch);
        for (Record event : batch) {
          if (event != WAKE_UP) {
            write(out, event);
          }
        }
        batch.clear();
        unflushed = true;
      }
      if (closing.get() && queue.isEmpty()) {
        return;
      }
      if (unflushed && System.nanoTime() - lastFlush >= FLUSH_INTERVAL.toNanos()) {
        out.flush();
        lastFlush = System.nanoTime();
        unflushed = false;
      }
    }
  }

  private void write(OutputStream out, Record record) throws IOException {
    out.write((codec.encode(record) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private void closeQuietly(LogStore opened) {
    if (opened == null) {
      return;
    }
    try {
      opened.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing the log store {} failed: {}", storeName, e.toString());
    }
  }
}
