package io.weft.history;

import io.weft.driver.eventlog.ApplicationEnded;
import io.weft.driver.eventlog.ApplicationStarted;
import io.weft.driver.status.AppStatusStore;
import io.weft.driver.status.DriverEvent;
import java.util.List;
import java.util.Optional;

/** Feeds an event log's records into a fresh {@link AppStatusStore}, the class the live driver UI reads. */
final class EventLogReplay {
  /** What the replay learned beyond the store: the application's first and last lines, when present. */
  record Replayed(AppStatusStore store, Optional<ApplicationStarted> started, Optional<ApplicationEnded> ended) {}

  private EventLogReplay() {}

  static Replayed replay(List<Record> records, int retainedJobs, int retainedStages) {
    AppStatusStore store = new AppStatusStore(retainedJobs, retainedStages);
    ApplicationStarted started = null;
    ApplicationEnded ended = null;
    for (Record record : records) {
      if (record instanceof ApplicationStarted s) {
        started = s;
        store.environment(s.conf());
      } else if (record instanceof ApplicationEnded e) {
        ended = e;
      } else if (record instanceof DriverEvent event) {
        store.onEvent(event);
      }
    }
    return new Replayed(store, Optional.ofNullable(started), Optional.ofNullable(ended));
  }
}
