package io.weft.history;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.FileLogStore;
import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.StoredFile;
import io.weft.driver.eventlog.EventLogWriter;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Deletes the aggregated container logs of applications whose newest such file is older than the retention
 * ({@code weft.log-aggregation.retain-seconds}), each time the history server's retention timer runs it. Age
 * counts from the newest file, so an application whose logs still roll in is never cut short. Event logs are not container logs:
 * {@link EventLogCleaner} keeps them as long as the history server's own retention says.
 */
public final class LogRetention {
  private static final Logger LOG = LogManager.getLogger();

  private final FileLogStore store;
  private final Consumer<ApplicationId> onDeleted;
  private final long retainSeconds;
  private final Clock clock;

  /** {@code retainSeconds} -1 keeps everything; {@code deleted} hears of each application deleted. */
  public LogRetention(FileLogStore store, Consumer<ApplicationId> deleted, long retainSeconds, Clock clock) {
    this.store = requireNonNull(store);
    this.onDeleted = requireNonNull(deleted);
    this.retainSeconds = retainSeconds;
    this.clock = requireNonNull(clock);
  }

  /** Deletes what is past retention now; returns how many applications went (none when kept forever, -1). */
  public int deleteExpired() {
    if (retainSeconds < 0) {
      return 0;
    }
    Instant oldestKept = clock.instant().minusSeconds(retainSeconds);
    int deleted = 0;
    try {
      for (LogStore.StoredApplication app : store.applications()) {
        List<StoredFile> logs = store.list(app.app()).stream()
            .filter(file -> !file.name().equals(EventLogWriter.FILE)).toList();
        Optional<Instant> newest = logs.stream().map(StoredFile::modified).max(Comparator.naturalOrder());
        if (newest.isPresent() && newest.get().isBefore(oldestKept)) {
          for (StoredFile file : logs) {
            store.deleteFile(app.app(), file.name());
          }
          onDeleted.accept(app.app());
          deleted++;
          LOG.info("deleted the container logs of {}: last changed {}, retention {} s", app.app(), newest.get(),
              retainSeconds);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("log retention check failed (tried again at the next check): {}", e.toString());
    }
    return deleted;
  }
}
