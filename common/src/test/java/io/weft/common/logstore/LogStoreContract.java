package io.weft.common.logstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.common.id.ApplicationId;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LogStore} promises, run against a store {@link #newStore()} makes. Bytes a writer has flushed
 * become visible to readers soon (at once in a directory, after a network hop over gRPC), hence the waits.
 */
public abstract class LogStoreContract {
  protected static final ApplicationId APP = new ApplicationId(1_700_000_000_000L, 7);

  /** A new, empty store; closed by the test. */
  protected abstract LogStore newStore() throws Exception;

  @Test
  void aFileIsInProgressWhileWrittenAndPublishedWhenClosed() throws Exception {
    LogStore store = newStore();
    OutputStream out = store.create(APP, "node-1.log");
    out.write("first ".getBytes(UTF_8));
    out.flush();

    await().untilAsserted(() -> assertThat(store.list(APP)).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("node-1.log");
      assertThat(f.inProgress()).isTrue();
      assertThat(f.length()).isEqualTo(6);
    }));
    assertThat(read(store, "node-1.log", 0)).isEqualTo("first ");

    out.write("second".getBytes(UTF_8));
    out.close();
    assertThat(store.list(APP)).singleElement().satisfies(f -> {
      assertThat(f.inProgress()).isFalse();
      assertThat(f.length()).isEqualTo(12);
    });
    assertThat(read(store, "node-1.log", 6)).isEqualTo("second");
    assertThat(store.applications()).extracting(LogStore.StoredApplication::app).containsExactly(APP);
  }

  @Test
  void aRewriteInProgressLeavesThePublishedFileReadable() throws Exception {
    LogStore store = newStore();
    try (OutputStream out = store.create(APP, "events")) {
      out.write("old".getBytes(UTF_8));
    }
    OutputStream rewrite = store.create(APP, "events");
    rewrite.write("new, unfinished".getBytes(UTF_8));
    rewrite.flush();

    assertThat(read(store, "events", 0)).isEqualTo("old");
    assertThat(store.list(APP)).singleElement().satisfies(f -> assertThat(f.inProgress()).isFalse());
    rewrite.close();
    assertThat(read(store, "events", 0)).isEqualTo("new, unfinished");
  }

  @Test
  void missingFilesAndBadNamesAreNamed() throws Exception {
    LogStore store = newStore();
    assertThatThrownBy(() -> store.open(APP, "stdout", 0)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(APP + "/stdout");
    assertThatThrownBy(() -> store.create(APP, "../escape")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'../escape'");
    assertThatThrownBy(() -> store.create(APP, "x.inprogress")).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.list(APP)).isEmpty();
  }

  @Test
  void deleteRemovesEveryFileOfTheApplication() throws Exception {
    LogStore store = newStore();
    try (OutputStream out = store.create(APP, "a")) {
      out.write(1);
    }
    OutputStream unfinished = store.create(APP, "b");
    unfinished.write(2);
    unfinished.flush();
    await().until(() -> store.list(APP).size() == 2);
    store.delete(APP);
    assertThat(store.list(APP)).isEmpty();
    assertThat(store.applications()).isEmpty();
  }

  protected static String read(LogStore store, String name, long offset) throws Exception {
    try (InputStream in = store.open(APP, name, offset)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }
}
