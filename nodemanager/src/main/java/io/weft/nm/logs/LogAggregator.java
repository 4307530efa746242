package io.weft.nm.logs;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.logstore.AggregatedLogs;
import io.weft.common.logstore.LogStore;
import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Uploads the container logs of each application that ran on this node to the {@link LogStore}: one file per
 * application named after the node ({@link AggregatedLogs}), when its last container here is done, and every
 * {@code rollInterval} while it runs (when set). Uploads run on a pool of {@code threads}, never on the
 * heartbeat thread; an upload the store refuses or cannot take is retried with back-off for {@code retryFor},
 * then the application's aggregation is FAILED and its logs stay. After a final upload the application's log
 * directory is deleted {@code retainAfterUpload} later. {@link #reports()} is what the heartbeat tells the RM.
 */
public final class LogAggregator implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration RETRY_CAP = Duration.ofSeconds(30);
  /** How long an application's final status is still reported: long enough for several heartbeats to carry it. */
  private static final Duration REPORTED_AFTER_END = Duration.ofMinutes(10);

  /** How uploads go; the store is opened at {@link #start()}. */
  public record Settings(Supplier<LogStore> store, Duration rollInterval, Duration retainAfterUpload,
      Duration retryFor, int threads) {
    public Settings {
      requireNonNull(store);
      requireNonNull(rollInterval);
      requireNonNull(retainAfterUpload);
      requireNonNull(retryFor);
    }
  }

  /** YARN's per-node LogAggregationStatus. */
  public enum Status { NOT_START, RUNNING, SUCCEEDED, FAILED }

  /** One application's aggregation on this node, as the heartbeat reports it. */
  public record Report(ApplicationId app, Status status, String diagnostics) {}

  private final NodeId node;
  private final Path logRoot;
  private final Settings settings;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor pool;
  private final Map<ApplicationId, App> apps = new TreeMap<>();
  private LogStore store;
  private boolean closed;

  private static final class App {
    final ApplicationId id;
    Status status = Status.NOT_START;
    String diagnostics = "";
    String user = "";
    boolean ended;
    boolean uploading;
    boolean finalDone;
    Instant reportUntil;

    App(ApplicationId id) {
      this.id = id;
    }
  }

  public LogAggregator(NodeId node, Path logRoot, Settings settings, Clock clock) {
    this.node = requireNonNull(node);
    this.logRoot = requireNonNull(logRoot);
    this.settings = requireNonNull(settings);
    this.clock = requireNonNull(clock);
    AtomicInteger n = new AtomicInteger();
    this.pool = new ScheduledThreadPoolExecutor(settings.threads(), r -> {
      Thread t = new Thread(r, "nm-log-aggregation-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public synchronized void start() {
    if (store != null) {
      return;
    }
    store = settings.store().get();
    if (!settings.rollInterval().isZero()) {
      long every = settings.rollInterval().toMillis();
      pool.scheduleWithFixedDelay(this::rollRunning, every, every, TimeUnit.MILLISECONDS);
    }
    LOG.info("log aggregation of {}: uploads when an application ends{}, local logs deleted {} s after",
        node, settings.rollInterval().isZero() ? "" : " and every " + settings.rollInterval().toMillis() + " ms",
        settings.retainAfterUpload().toSeconds());
  }

  /**
   * {@code app} of {@code user} runs a container here: its aggregation is NOT_START until its first upload. Never
   * blocks.
   */
  public synchronized void applicationRunning(ApplicationId app, String user) {
    apps.computeIfAbsent(app, App::new).user = user;
  }

  /** Every container of {@code app} here is done and the RM says it is over: upload its logs. Never blocks. */
  public synchronized void applicationEnded(ApplicationId app) {
    App a = apps.computeIfAbsent(app, App::new);
    if (a.ended) {
      return;
    }
    a.ended = true;
    schedule(a, Duration.ZERO, clock.instant());
  }

  /** The status of every application this node has aggregated or will, for the heartbeat. */
  public synchronized List<Report> reports() {
    Instant now = clock.instant();
    apps.values().removeIf(a -> a.reportUntil != null && now.isAfter(a.reportUntil));
    List<Report> out = new ArrayList<>();
    apps.values().forEach(a -> out.add(new Report(a.id, a.status, a.diagnostics)));
    return out;
  }

  private synchronized void rollRunning() {
    for (App a : apps.values()) {
      if (!a.ended && !a.uploading && Files.isDirectory(logRoot.resolve(a.id.toString()))) {
        a.uploading = true;
        pool.execute(() -> roll(a));
      }
    }
  }

  private void roll(App a) {
    try {
      upload(a.id, a.user);
      synchronized (this) {
        if (!a.ended) {
          a.status = Status.RUNNING;
        }
      }
    } catch (IOException | RuntimeException e) {
      // The next roll or the final upload tries again.
      LOG.warn("rolling upload of the logs of {} failed: {}", a.id, e.getMessage());
    } finally {
      synchronized (this) {
        a.uploading = false;
        notifyAll();
      }
    }
  }

  private synchronized void schedule(App a, Duration delay, Instant firstTry) {
    if (closed) {
      return;
    }
    pool.schedule(() -> finalUpload(a, firstTry, delay), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void finalUpload(App a, Instant firstTry, Duration lastDelay) {
    synchronized (this) {
      // A rolling upload of the same file may still be under way: the final one replaces it, after it.
      while (a.uploading && !closed) {
        try {
          wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      a.uploading = true;
      a.status = Status.RUNNING;
    }
    try {
      long bytes = upload(a.id, a.user);
      synchronized (this) {
        a.status = Status.SUCCEEDED;
        a.finalDone = true;
        a.reportUntil = clock.instant().plus(REPORTED_AFTER_END);
      }
      LOG.info("uploaded the logs of {} on {} ({} bytes of logs)", a.id, node, bytes);
      pool.schedule(() -> deleteLocal(a.id), settings.retainAfterUpload().toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) {
      Duration tried = Duration.between(firstTry, clock.instant());
      if (tried.compareTo(settings.retryFor()) < 0) {
        Duration next = lastDelay.isZero() ? FIRST_RETRY : min(lastDelay.multipliedBy(2), RETRY_CAP);
        LOG.warn("uploading the logs of {} failed (retrying in {} ms, for up to {} ms in all): {}", a.id,
            next.toMillis(), settings.retryFor().toMillis(), e.getMessage());
        synchronized (this) {
          a.uploading = false;
        }
        schedule(a, next, firstTry);
        return;
      }
      synchronized (this) {
        a.status = Status.FAILED;
        a.diagnostics = "log aggregation of " + a.id + " on " + node + " failed after " + tried.toSeconds()
            + " s of retries: " + e.getMessage() + "; the logs stay on the node";
        a.reportUntil = clock.instant().plus(REPORTED_AFTER_END);
      }
      LOG.error(a.diagnostics);
    } finally {
      synchronized (this) {
        a.uploading = false;
        notifyAll();
      }
    }
  }

  /** Streams every log file of {@code app}'s containers here into the store; returns the bytes read. */
  private long upload(ApplicationId app, String user) throws IOException {
    Path appDir = logRoot.resolve(app.toString());
    String name = AggregatedLogs.fileName(node);
    long total = 0;
    try (OutputStream stored = store.create(app, name, user);
        AggregatedLogs.Writer writer = new AggregatedLogs.Writer(stored)) {
      for (Path containerDir : sorted(appDir)) {
        ContainerId container;
        try {
          container = ContainerId.parse(containerDir.getFileName().toString());
        } catch (WeftException notAContainer) {
          continue;
        }
        for (Path file : sorted(containerDir)) {
          if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            continue; // a container could link its log dir to any file of the host
          }
          long length = Files.size(file);
          try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            writer.add(container, file.getFileName().toString(), length, in);
          }
          total += length;
        }
      }
    }
    for (Path containerDir : sorted(appDir)) {
      total += uploadEventLog(app, user, containerDir);
    }
    return total;
  }

  /**
   * The driver's event log its AM container kept in its log directory ({@link LogStore#CONTAINER_EVENT_LOG_DIR}),
   * when it could not write to the store itself: uploaded as the application's {@link LogStore#EVENT_LOG}. Only a
   * published log goes (the driver closed it), and only through real directories, never a link the container made.
   */
  private long uploadEventLog(ApplicationId app, String user, Path containerDir) throws IOException {
    Path dir = containerDir.resolve(LogStore.CONTAINER_EVENT_LOG_DIR);
    Path appDir = dir.resolve(app.toString());
    Path file = appDir.resolve(LogStore.EVENT_LOG);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(appDir, LinkOption.NOFOLLOW_LINKS)
        || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    try (OutputStream stored = store.create(app, LogStore.EVENT_LOG, user);
        InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return in.transferTo(stored);
    }
  }

  private static List<Path> sorted(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    }
    entries.sort(null);
    return entries;
  }

  private void deleteLocal(ApplicationId app) {
    Path dir = logRoot.resolve(app.toString());
    try {
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        com.google.common.io.MoreFiles.deleteRecursively(dir);
        LOG.info("deleted the local logs of {}: aggregated to the log store", app);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete the aggregated local logs of {} in {}: {}", app, dir, e.toString());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public void close() {
    LogStore opened;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      opened = store;
      notifyAll();
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (opened != null) {
      try {
        opened.close();
      } catch (IOException e) {
        LOG.debug("closing the log store: {}", e.toString());
      }
    }
  }
}
