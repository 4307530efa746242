package io.weft.rm.store;

import static io.weft.rm.store.StoreFixtures.appId;
import static io.weft.rm.store.StoreFixtures.failedAttempt;
import static io.weft.rm.store.StoreFixtures.finished;
import static io.weft.rm.store.StoreFixtures.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


class RocksDbStateStoreTest extends StateStoreContractTest {
  @TempDir
  Path tmp;

  @Override
  protected RocksDbStateStore newStore() {
    return new RocksDbStateStore(tmp.resolve("store"), true);
  }

  @Override
  protected String location(StateStore store) {
    return ((RocksDbStateStore) store).dir().toString();
  }

  @Override
  protected RocksDbStateStore store() {
    return (RocksDbStateStore) super.store();
  }

  @Test
  void newerSchemaVersion_isRefusedNamingTheDirectoryAndTheFormatVerb() throws Exception {
    RocksDbStateStore store = store();
    store.load();
    store.close();
    try (org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(store.dir().toString())) {
      db.put(StoreLayout.SCHEMA_VERSION_KEY, "2".getBytes(StandardCharsets.UTF_8));
    }

    assertThatThrownBy(() -> store().load()).isInstanceOf(StateStoreException.class)
        .hasMessageContaining(store.dir().toString())
        .hasMessageContaining("schema version is 2")
        .hasMessageContaining("bin/weft resourcemanager -format-state-store")
        .hasMessageContaining("backup");
  }

  @Test
  void recordThatDoesNotParse_isRefusedNamingItsKey() throws Exception {
    RocksDbStateStore store = store();
    store.storeApplication(submitted(1)).join();
    store.close();
    try (org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(store.dir().toString())) {
      db.put(StoreLayout.applicationKey(appId(1)), new byte[] {(byte) 0xff, 0x01, 0x02});
    }

    assertThatThrownBy(() -> store().load()).isInstanceOf(StateStoreException.class)
        .hasMessageContaining(store.dir().toString())
        .hasMessageContaining("app/application_1700000000000_0001")
        .hasMessageContaining("-format-state-store");
  }

  @Test
  void garbageOverTheStoresFiles_isRefusedNotAnEmptyStart() throws Exception {
    RocksDbStateStore store = store();
    store.storeIdentity(StoreFixtures.identity());
    store.storeApplication(finished(1)).join();
    store.close();
    try (var files = Files.list(store.dir())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.write(file, "this is not a RocksDB file\n".repeat(50).getBytes(StandardCharsets.UTF_8));
      }
    }

    assertThatThrownBy(() -> store().load()).isInstanceOf(StateStoreException.class)
        .hasMessageContaining(store.dir().toString())
        .hasMessageContaining("-format-state-store");
  }

  @Test
  void lostData_isRefusedNotAnEmptyStart() throws Exception {
    RocksDbStateStore store = store();
    store.storeApplication(finished(1)).join();
    store.close();
    try (org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(store.dir().toString())) {
      db.delete(StoreLayout.SCHEMA_VERSION_KEY);
    }

    assertThatThrownBy(() -> store().load()).isInstanceOf(StateStoreException.class)
        .hasMessageContaining("no schema version");
  }

  @Test
  void directoryNoOneCanCreate_failsNamingIt() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
    RocksDbStateStore store = new RocksDbStateStore(file.resolve("store"), true);
    opened.add(store);

    assertThatThrownBy(store::load).isInstanceOf(StateStoreException.class)
        .hasMessageContaining("cannot create the state store directory " + file.resolve("store"))
        .hasMessageContaining("weft.resourcemanager.store.dir");
    assertThatThrownBy(() -> store.storeApplication(submitted(1)).join())
        .hasCauseInstanceOf(StateStoreException.class);
  }

  @Test
  void twoStoresOnOneDirectory_secondIsRefused() {
    store().load();

    assertThatThrownBy(() -> store().load()).isInstanceOf(StateStoreException.class)
        .hasMessageContaining(tmp.resolve("store").toString());
  }

  @Test
  void format_wipesTheStoreSoTheNextStartIsEmpty() {
    RocksDbStateStore store = store();
    store.storeIdentity(StoreFixtures.identity());
    store.storeApplication(finished(1)).join();
    store.close();

    long wiped = RocksDbStateStore.format(store.dir());

    assertThat(wiped).isPositive();
    assertThat(store.dir()).isEmptyDirectory();
    RecoveredState state = store().load();
    assertThat(state.identity()).isEmpty();
    assertThat(state.applications()).isEmpty();
  }

  @Test
  void format_ofAMissingDirectory_wipesNothing() {
    assertThat(RocksDbStateStore.format(tmp.resolve("never-made"))).isZero();
  }

  @Test
  void tenThousandApplications_loadInOnePass() {
    RocksDbStateStore store = new RocksDbStateStore(tmp.resolve("store"), false);
    opened.add(store);
    CompletableFuture<Void> last = null;
    for (int seq = 1; seq <= 10_000; seq++) {
      store.storeApplication(finished(seq));
      store.storeAttempt(failedAttempt(seq, 1));
      last = store.storeAttempt(failedAttempt(seq, 2));
    }
    last.join();

    RecoveredState state = reopen(store);

    assertThat(state.applications()).hasSize(10_000);
    assertThat(state.applications().get(9_999).submission().id()).isEqualTo(appId(10_000));
    assertThat(state.attemptsOf(appId(10_000))).extracting(a -> a.id().attempt()).containsExactly(1, 2);
    assertThat(state.lastSequence()).isEqualTo(10_000);
  }
}
