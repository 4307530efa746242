package io.weft.history;

import static java.util.Objects.requireNonNull;

import io.weft.common.logstore.FileLogStore;
import io.weft.driver.eventlog.EventLogWriter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Retention of event logs: deletes those not changed for {@code retain}, then the oldest beyond
 * {@code maxApplications}. Only the event log file goes; an application's aggregated container logs have a
 * retention of their own ({@code weft.log-aggregation.retain-seconds}).
 */
final class EventLogCleaner {
  private static final Logger LOG = LogManager.getLogger();

  private final FileLogStore store;
  private final EventLogCatalog catalog;
  private final ApplicationCache cache;
  private final Duration retain;
  private final int maxApplications;
  private final Clock clock;

  EventLogCleaner(FileLogStore store, EventLogCatalog catalog, ApplicationCache cache, Duration retain,
      int maxApplications, Clock clock) {
    this.store = requireNonNull(store);
    this.catalog = requireNonNull(catalog);
    this.cache = requireNonNull(cache);
    this.retain = requireNonNull(retain);
    this.maxApplications = maxApplications;
    this.clock = requireNonNull(clock);
  }

  /** One pass; returns how many event logs it deleted. */
  int clean() throws IOException {
    Instant cutoff = clock.instant().minus(retain);
    // newest first by last change: what is past the count limit, or too old, goes
    List<ApplicationSummary> apps = catalog.applications().stream()
        .sorted(Comparator.comparing((ApplicationSummary a) -> a.log().modified()).reversed()).toList();
    int deleted = 0;
    for (int i = 0; i < apps.size(); i++) {
      ApplicationSummary app = apps.get(i);
      boolean expired = app.log().modified().isBefore(cutoff);
      if (expired || i >= maxApplications) {
        store.deleteFile(app.app(), EventLogWriter.FILE);
        cache.evict(app.app());
        deleted++;
        LOG.info("deleted the event log of {}: {}", app.app(), expired ? "last changed " + app.log().modified()
            + ", more than " + retain.toSeconds() + " s ago" : "beyond the " + maxApplications + " kept");
      }
    }
    return deleted;
  }

  /** A pass as the scheduled task runs it: a failure is logged and the next pass tries again. */
  void cleanQuietly() {
    try {
      clean();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cleaning event logs in {} failed: {}; trying again at the next interval", store.root(), e.toString());
    }
  }
}
