package io.weft.history;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.StoredFile;
import io.weft.driver.eventlog.ApplicationStarted;
import io.weft.driver.eventlog.EventLogReader;
import io.weft.driver.eventlog.EventLogWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The applications with an event log in the store, newest first. A summary costs one line of the log (its
 * {@link ApplicationStarted}) and is kept until the file changes, so listing many applications stays cheap.
 */
final class EventLogCatalog {
  private static final Logger LOG = LogManager.getLogger();

  private record Cached(StoredFile file, ApplicationSummary summary) {}

  private final LogStore store;
  private final Map<ApplicationId, Cached> summaries = new ConcurrentHashMap<>();

  EventLogCatalog(LogStore store) {
    this.store = requireNonNull(store);
  }

  /** Every application with an event log, by start time, newest first. */
  List<ApplicationSummary> applications() throws IOException {
    List<ApplicationSummary> out = new ArrayList<>();
    for (LogStore.StoredApplication stored : store.applications()) {
      summary(stored.app()).ifPresent(out::add);
    }
    summaries.keySet().retainAll(out.stream().map(ApplicationSummary::app).toList());
    out.sort(Comparator.comparing(ApplicationSummary::start).reversed());
    return out;
  }

  /** The application's summary; empty when it has no event log (or not even its first line yet). */
  Optional<ApplicationSummary> summary(ApplicationId app) throws IOException {
    Optional<StoredFile> file = eventLog(app);
    if (file.isEmpty()) {
      summaries.remove(app);
      return Optional.empty();
    }
    Cached cached = summaries.get(app);
    if (cached != null && cached.file().equals(file.get())) {
      return Optional.of(cached.summary());
    }
    Optional<ApplicationStarted> started = firstLine(app);
    if (started.isEmpty()) {
      return Optional.empty();
    }
    StoredFile log = file.get();
    ApplicationSummary summary = new ApplicationSummary(app, started.get().name(), started.get().user(),
        started.get().time(), log.modified(), !log.inProgress(), log);
    summaries.put(app, new Cached(log, summary));
    return Optional.of(summary);
  }

  /** The event log file of {@code app}, when it has one. */
  Optional<StoredFile> eventLog(ApplicationId app) throws IOException {
    return store.list(app).stream().filter(f -> f.name().equals(EventLogWriter.FILE)).findFirst();
  }

  private Optional<ApplicationStarted> firstLine(ApplicationId app) {
    try {
      List<Record> first = EventLogReader.read(store.open(app, EventLogWriter.FILE, 0), 1).records();
      return first.isEmpty() || !(first.get(0) instanceof ApplicationStarted s) ? Optional.empty() : Optional.of(s);
    } catch (IOException | RuntimeException e) {
      // a log whose first flush has not happened yet, or one that is not ours: not listed (yet)
      LOG.debug("event log of {} has no readable first line: {}", app, e.toString());
      return Optional.empty();
    }
  }
}
