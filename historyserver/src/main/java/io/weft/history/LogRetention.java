package io.weft.history;

import static java.util.Objects.requireNonNull;

import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.LogStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Deletes the applications whose newest file in the store is older than the retention
 * ({@code weft.log-aggregation.retain-seconds}), at start and then every check interval. Age counts from the
 * newest file, so an application whose logs still roll in is never cut short.
 */
public final class LogRetention implements Lifecycle {
  private static final Logger LOG = LogManager.getLogger();

  private final LogStore store;
  private final Consumer<ApplicationId> onDeleted;
  private final long retainSeconds;
  private final Duration checkInterval;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "history-log-retention");
    t.setDaemon(true);
    return t;
  });

  /** {@code retainSeconds} -1 keeps everything; {@code deleted} hears of each application deleted. */
  public LogRetention(LogStore store, Consumer<ApplicationId> deleted, long retainSeconds, Duration checkInterval,
      Clock clock) {
    this.store = requireNonNull(store);
    this.onDeleted = requireNonNull(deleted);
    this.retainSeconds = retainSeconds;
    this.checkInterval = requireNonNull(checkInterval);
    this.clock = requireNonNull(clock);
  }

  @Override
  public void start() {
    if (retainSeconds < 0) {
      LOG.info("aggregated logs are kept forever (weft.log-aggregation.retain-seconds=-1)");
      return;
    }
    timer.scheduleWithFixedDelay(this::deleteExpired, 0, checkInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Deletes what is past retention now; returns how many applications went. */
  public int deleteExpired() {
    Instant oldestKept = clock.instant().minusSeconds(retainSeconds);
    int deleted = 0;
    try {
      for (LogStore.StoredApplication app : store.applications()) {
        if (app.modified().isBefore(oldestKept)) {
          store.delete(app.app());
          onDeleted.accept(app.app());
          deleted++;
          LOG.info("deleted the logs of {}: last changed {}, retention {} s", app.app(), app.modified(),
              retainSeconds);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("log retention check failed (next try in {}): {}", checkInterval, e.toString());
    }
    return deleted;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
