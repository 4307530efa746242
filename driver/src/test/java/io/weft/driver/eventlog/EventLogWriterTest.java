package io.weft.driver.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.FileLogStore;
import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.StoredFile;
import io.weft.driver.status.DriverEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogWriterTest {
  private static final ApplicationId APP = new ApplicationId(1_764_000_000_000L, 7);
  private static final Instant T0 = Instant.parse("2026-12-03T05:00:00Z");

  @TempDir
  Path dir;

  private final ApplicationStarted started = new ApplicationStarted(APP.toString(), "Pi", "alice", T0,
      Map.of("weft.master", "weft"));

  @Test
  void eventsAreReadableWhileWritten_andThePublishedLogHasThemAll() throws Exception {
    FileLogStore store = new FileLogStore(dir);
    EventLogWriter writer = new EventLogWriter(() -> store, dir.toUri().toString(), Clock.systemUTC());
    var early = new DriverEvent.ExecutorAdded("1", "host-1", 2, "", T0);
    writer.onEvent(early); // before start: queued until the application id is known
    writer.start(APP, started);
    var job = new DriverEvent.JobStarted(0, "count at Pi.java:31", T0.plusSeconds(1));
    writer.onEvent(job);

    // flushed within a second, while the file is still in progress: readable up to there
    await("the in-progress log shows the queued events").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      EventLogReader.Contents now = EventLogReader.read(store.open(APP, EventLogWriter.FILE, 0));
      assertThat(now.records()).containsExactly(started, early, job);
      assertThat(now.truncated()).isTrue();
    });
    assertThat(store.list(APP)).singleElement().extracting(StoredFile::inProgress).isEqualTo(true);

    var ended = new DriverEvent.JobEnded(0, "", T0.plusSeconds(2));
    writer.onEvent(ended);
    writer.close();

    assertThat(store.list(APP)).singleElement().extracting(StoredFile::inProgress).isEqualTo(false);
    EventLogReader.Contents done = EventLogReader.read(store.open(APP, EventLogWriter.FILE, 0));
    assertThat(done.truncated()).isFalse();
    assertThat(done.records()).hasSize(5).startsWith(started, early, job, ended)
        .last().isInstanceOfSatisfying(ApplicationEnded.class, e -> assertThat(e.droppedEvents()).isZero());
  }

  @Test
  void aStoreThatCannotBeOpened_neverFailsTheDriver() {
    EventLogWriter writer = new EventLogWriter(() -> {
      throw new UncheckedIOException(new IOException("connection refused"));
    }, "of the history server at 127.0.0.1:1", Clock.systemUTC());
    writer.start(APP, started);

    for (int i = 0; i < 3 * EventLogWriter.QUEUE_CAPACITY; i++) {
      writer.onEvent(new DriverEvent.TaskEnded(i, "", T0));
    }
    writer.close();
    writer.onEvent(new DriverEvent.TaskEnded(-1, "", T0));
  }

  @Test
  void aStoreFailingMidWay_leavesWhatWasWrittenInProgress() throws Exception {
    FileLogStore store = new FileLogStore(dir);
    LogStore failingOnClose = new LogStore() {
      @Override
      public java.io.OutputStream create(ApplicationId app, String name) throws IOException {
        java.io.OutputStream out = store.create(app, name);
        return new java.io.FilterOutputStream(out) {
          @Override
          public void close() throws IOException {
            throw new IOException("disk full");
          }
        };
      }

      @Override
      public java.io.InputStream open(ApplicationId app, String name, long offset) throws IOException {
        return store.open(app, name, offset);
      }

      @Override
      public List<StoredFile> list(ApplicationId app) throws IOException {
        return store.list(app);
      }

      @Override
      public List<StoredApplication> applications() throws IOException {
        return store.applications();
      }

      @Override
      public void delete(ApplicationId app) throws IOException {
        store.delete(app);
      }

      @Override
      public void close() {}
    };
    EventLogWriter writer = new EventLogWriter(() -> failingOnClose, "a failing disk", Clock.systemUTC());
    writer.start(APP, started);
    writer.close();

    assertThat(store.list(APP)).singleElement().extracting(StoredFile::inProgress).isEqualTo(true);
    assertThat(EventLogReader.read(store.open(APP, EventLogWriter.FILE, 0)).records()).startsWith(started);
  }
}
