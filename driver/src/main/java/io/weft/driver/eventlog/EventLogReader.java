package io.weft.driver.eventlog;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads an event log back: the records of its lines, in order. A log still being written, or left by a driver
 * that died, ends without gzip's trailer and perhaps mid-line; it is read up to its last whole line, and
 * {@link Contents#truncated()} says so. A line that cannot be read is skipped and counted, so one bad line
 * never hides a whole application.
 *
 * <p>Lines are split on bytes, not through a {@code Reader}: a reader asks for more before handing out what it
 * has, and the end of a log in progress would take the last lines with it.
 */
public final class EventLogReader {
  private static final Logger LOG = LogManager.getLogger();

  /** The records read, whether the compressed stream ended early, and how many lines were skipped. */
  public record Contents(List<Record> records, boolean truncated, int skippedLines) {
    public Contents {
      records = List.copyOf(records);
    }
  }

  private EventLogReader() {}

  /** Reads {@code compressed} (a gzip stream of JSON lines) to its end; closes it. */
  public static Contents read(InputStream compressed) throws IOException {
    return read(compressed, Integer.MAX_VALUE);
  }

  /** Reads at most {@code maxRecords} records (e.g. 1: the application's first line); closes the stream. */
  public static Contents read(InputStream compressed, int maxRecords) throws IOException {
    EventLogCodec codec = EventLogCodec.standard();
    List<Record> records = new ArrayList<>();
    int skipped = 0;
    boolean truncated = false;
    try (compressed) {
      GZIPInputStream in;
      try {
        in = new GZIPInputStream(compressed, 64 * 1024);
      } catch (EOFException | ZipException noHeaderYet) {
        return new Contents(List.of(), true, 0);
      }
      byte[] buffer = new byte[64 * 1024];
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (records.size() < maxRecords) {
        int n;
        try {
          n = in.read(buffer);
        } catch (EOFException | ZipException endedEarly) {
          // the writer has not finished (or died): what it flushed is whole lines, a partial one is dropped
          truncated = true;
          break;
        }
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n && records.size() < maxRecords; i++) {
          if (buffer[i] == '\n') {
            skipped += decode(codec, line.toString(StandardCharsets.UTF_8), records) ? 0 : 1;
            line.reset();
          } else {
            line.write(buffer[i]);
          }
        }
      }
      if (line.size() > 0 && !truncated && records.size() < maxRecords) {
        skipped += decode(codec, line.toString(StandardCharsets.UTF_8), records) ? 0 : 1;
      }
    }
    return new Contents(records, truncated, skipped);
  }

  private static boolean decode(EventLogCodec codec, String line, List<Record> out) {
    if (line.isBlank()) {
      return true;
    }
    try {
      out.add(codec.decode(line));
      return true;
    } catch (RuntimeException e) {
      LOG.debug("skipping an event log line: {}", e.getMessage());
      return false;
    }
  }
}
