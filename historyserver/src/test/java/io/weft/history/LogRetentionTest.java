package io.weft.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.FileLogStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRetentionTest {
  private static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");

  @TempDir
  Path dir;

  @Test
  void deletesTheApplicationsWhoseNewestFileIsOlderThanTheRetention() throws Exception {
    FileLogStore store = new FileLogStore(dir);
    ApplicationId old = new ApplicationId(1_700_000_000_000L, 1);
    ApplicationId recent = new ApplicationId(1_700_000_000_000L, 2);
    write(store, old, "node-a", NOW.minus(Duration.ofDays(8)));
    write(store, old, "node-b", NOW.minus(Duration.ofDays(7).plusSeconds(1)));
    write(store, recent, "node-a", NOW.minus(Duration.ofDays(9)));
    write(store, recent, "node-b", NOW.minus(Duration.ofDays(1))); // still rolling in: kept whole

    List<ApplicationId> told = new ArrayList<>();
    LogRetention retention = new LogRetention(store, told::add, Duration.ofDays(7).toSeconds(),
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(retention.deleteExpired()).isEqualTo(1);
    assertThat(told).containsExactly(old);
    assertThat(store.applications()).extracting(a -> a.app()).containsExactly(recent);
    assertThat(store.list(recent)).hasSize(2);
  }

  private static void write(FileLogStore store, ApplicationId app, String name, Instant modified) throws Exception {
    try (OutputStream out = store.create(app, name)) {
      out.write('x');
    }
    Files.setLastModifiedTime(store.root().resolve(app.toString()).resolve(name), FileTime.from(modified));
  }
}
