package io.weft.history;

import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.StoredFile;
import java.time.Instant;

/**
 * One application in the history server's listing, from its event log's first line and the file itself.
 * {@code end} is when the log was published (completed) or last written (incomplete: the driver runs, or died).
 */
public record ApplicationSummary(ApplicationId app, String name, String user, Instant start, Instant end,
    boolean completed, StoredFile log) {
  public long durationMillis() {
    return Math.max(0, end.toEpochMilli() - start.toEpochMilli());
  }
}
