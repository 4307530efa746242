package io.weft.history;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.LogStore;
import io.weft.common.rpc.WeftException;
import io.weft.common.web.RouteTable;
import io.weft.driver.eventlog.EventLogReader;
import io.weft.driver.eventlog.EventLogWriter;
import io.weft.driver.ui.DriverUi;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The driver UIs the history server has rebuilt, loaded on first view and kept for the
 * {@code maxApplications} most recently viewed. An entry whose event log changed since (an application still
 * running, or published since) is read again.
 */
final class ApplicationCache {
  private static final Logger LOG = LogManager.getLogger();

  private final LogStore store;
  private final EventLogCatalog catalog;
  private final int maxApplications;
  private final int retainedJobs;
  private final int retainedStages;
  private final Map<ApplicationId, LoadedApplication> loaded;

  ApplicationCache(LogStore store, EventLogCatalog catalog, int maxApplications, int retainedJobs,
      int retainedStages) {
    this.store = requireNonNull(store);
    this.catalog = requireNonNull(catalog);
    this.maxApplications = maxApplications;
    this.retainedJobs = retainedJobs;
    this.retainedStages = retainedStages;
    this.loaded = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ApplicationId, LoadedApplication> eldest) {
        return size() > ApplicationCache.this.maxApplications;
      }
    };
  }

  /** The application's rebuilt UI; NOT_FOUND (naming it) when it has no event log. */
  LoadedApplication get(ApplicationId app) throws IOException {
    ApplicationSummary summary = catalog.summary(app).orElseThrow(() -> {
      evict(app);
      return WeftException.notFound("application " + app + " has no event log in the history server (it ran "
          + "without one, weft.eventLog.enabled=false, or it was deleted after weft.historyserver.retain-seconds)");
    });
    synchronized (this) {
      LoadedApplication cached = loaded.get(app);
      if (cached != null && cached.summary().log().equals(summary.log())) {
        return cached;
      }
    }
    LoadedApplication fresh = load(summary);
    synchronized (this) {
      loaded.put(app, fresh);
    }
    return fresh;
  }

  synchronized void evict(ApplicationId app) {
    loaded.remove(app);
  }

  synchronized int size() {
    return loaded.size();
  }

  private LoadedApplication load(ApplicationSummary summary) throws IOException {
    EventLogReader.Contents contents = EventLogReader.read(store.open(summary.app(), EventLogWriter.FILE, 0));
    EventLogReplay.Replayed replayed = EventLogReplay.replay(contents.records(), retainedJobs, retainedStages);
    RouteTable routes = new RouteTable();
    DriverUi ui = DriverUi.over(routes, replayed.store());
    ui.application(summary.app().toString(), summary.name());
    long dropped = replayed.ended().map(e -> e.droppedEvents()).orElse(0L);
    LOG.info("loaded the event log of {}: {} records{}{}", summary.app(), contents.records().size(),
        contents.truncated() ? ", incomplete" : "", contents.skippedLines() > 0 ? ", " + contents.skippedLines()
            + " unreadable lines skipped" : "");
    return new LoadedApplication(summary, replayed.store(), routes, contents.truncated() || !summary.completed(),
        dropped);
  }
}
