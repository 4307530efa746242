package io.weft.nm.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.nm.container.ContainerAllocation;
import io.weft.nm.container.ContainerRecord;
import io.weft.nm.launch.ContainerDirs;
import io.weft.proto.StoredSchemaVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;

class NmStateStoreTest {
  @TempDir Path dir;

  private static ContainerRecord record(long n, boolean completed) {
    ContainerId id = new ContainerId(new ApplicationAttemptId(new ApplicationId(1L, 1), 1), n);
    return new ContainerRecord(id, 4000 + n, 123_456 + n, "alice", Resource.of(512, 2),
        new ContainerAllocation(3, 7, Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(9_000)),
        ContainerDirs.of(Path.of("/l"), Path.of("/logs"), "alice", id), completed, completed ? 3 : -1000,
        completed ? "Exception from container-launch: exit code 3" : "");
  }

  @Test
  void records_surviveAReopen_andRemovedOnesAreGone() {
    Path store = dir.resolve("recovery");
    try (NmStateStore s = NmStateStore.open(store)) {
      s.put(record(1, false));
      s.put(record(2, false));
      s.put(record(2, true));
      s.put(record(3, true));
      s.remove(record(3, true).id());
    }
    try (NmStateStore s = NmStateStore.open(store)) {
      assertThat(s.load()).containsExactly(record(1, false), record(2, true));
    }
  }

  @Test
  void theDevicesAContainerHolds_surviveAReopen() {
    Path store = dir.resolve("recovery");
    ContainerRecord plain = record(1, false);
    ContainerRecord withGpus = new ContainerRecord(plain.id(), plain.pid(), plain.processStartTicks(), plain.user(),
        new Resource(512, 2, java.util.Map.of("gpu", 2L)), plain.allocation(), plain.dirs(), false, -1000, "",
        java.util.Map.of("gpu", java.util.List.of("0", "1")));
    try (NmStateStore s = NmStateStore.open(store)) {
      s.put(withGpus);
    }
    try (NmStateStore s = NmStateStore.open(store)) {
      assertThat(s.load()).containsExactly(withGpus);
    }
  }

  @Test
  void unreadableStore_isRefused_namingTheDirAndTheFix() throws Exception {
    Path store = Files.createDirectories(dir.resolve("recovery"));
    Files.writeString(store.resolve("CURRENT"), "not a manifest\n");

    assertThatThrownBy(() -> NmStateStore.open(store))
        .isInstanceOf(RecoveryStoreException.class)
        .hasMessageContaining("cannot read the NodeManager recovery store " + store)
        .hasMessageContaining("Delete " + store + " to start without recovering containers");
  }

  @Test
  void storeOfAnotherSchemaMajor_isRefused() throws Exception {
    Path store = dir.resolve("recovery");
    NmStateStore.open(store).close();
    try (RocksDB db = RocksDB.open(store.toString())) {
      db.put(NmStateStore.VERSION_KEY, StoredSchemaVersion.newBuilder().setMajor(2).build().toByteArray());
    }

    assertThatThrownBy(() -> NmStateStore.open(store))
        .hasMessageContaining("its schema version is 2.0, this NodeManager reads 1.x")
        .hasMessageContaining("Delete " + store);
  }
}
