package io.weft.rm.store;

import static io.weft.rm.store.StoreFixtures.appId;
import static io.weft.rm.store.StoreFixtures.failedAttempt;
import static io.weft.rm.store.StoreFixtures.finished;
import static io.weft.rm.store.StoreFixtures.runningAttempt;
import static io.weft.rm.store.StoreFixtures.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.resource.Resource;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.app.AttemptState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbStateStoreTest {
  @TempDir
  Path tmp;

  private final List<StateStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(StateStore::close);
  }

  private RocksDbStateStore store() {
    RocksDbStateStore store = new RocksDbStateStore(tmp.resolve("store"), true);
    opened.add(store);
    return store;
  }

  /** Closes {@code store} and opens the same directory again, as a restarted RM would. */
  private RecoveredState reopen(RocksDbStateStore store) {
    store.close();
    return store().load();
  }

  @Test
  void newStore_loadsEmpty() {
    RecoveredState state = store().load();

    assertThat(state.identity()).isEmpty();
    assertThat(state.applications()).isEmpty();
    assertThat(state.lastSequence()).isZero();
  }

  @Test
  void everyRecord_roundTripsWithAllItsFields() {
    RocksDbStateStore store = store();
    ApplicationRecord running = submitted(1);
    ApplicationRecord ended = finished(2);
    ApplicationRecord moved = new ApplicationRecord(submitted(3).submission().inQueue("root.prod"),
        submitted(3).submitTime(), null, null, null, null);
    store.storeApplication(running);
    store.storeApplication(ended);
    store.storeApplication(moved);
    store.storeAttempt(failedAttempt(2, 1));
    store.storeAttempt(runningAttempt(2, 2));
    AttemptRecord unallocated = new AttemptRecord(new ApplicationAttemptId(appId(3), 1), Instant.EPOCH,
        AttemptState.SCHEDULED, null, null, -1, null, null, Integer.MIN_VALUE, null);
    store.storeAttempt(unallocated).join();

    RecoveredState state = reopen(store);

    assertThat(state.applications()).usingRecursiveFieldByFieldElementComparator()
        .containsExactly(running, ended, moved);
    assertThat(state.applications().get(0).submission().amLaunchContext())
        .isEqualTo(running.submission().amLaunchContext());
    assertThat(state.applications().get(2).submission().queue()).isEqualTo("root.prod");
    assertThat(state.applications().get(1).submission().tags()).containsExactly("nightly", "etl");
    assertThat(state.applications().get(1).submission().keepContainersAcrossAttempts()).isTrue();
    assertThat(state.attemptsOf(appId(2))).containsExactly(failedAttempt(2, 1), runningAttempt(2, 2));
    assertThat(state.attemptsOf(appId(3))).containsExactly(unallocated);
    assertThat(state.attemptsOf(appId(1))).isEmpty();
  }

  @Test
  void submissionWithoutTagsOrOtherResources_roundTrips() {
    RocksDbStateStore store = store();
    ApplicationSubmission plain = new ApplicationSubmission(appId(9), "", "default", "bob", "", List.of(), 0,
        Resource.of(1024, 1), 1, new byte[0]);
    ApplicationRecord record = ApplicationRecord.submitted(plain, Instant.ofEpochSecond(1));
    store.storeApplication(record).join();

    RecoveredState state = reopen(store);

    assertThat(state.applications()).usingRecursiveFieldByFieldElementComparator().containsExactly(record);
    assertThat(state.applications().get(0).submission().keepContainersAcrossAttempts()).isFalse();
  }

  @Test
  void storeThenReplaceThenRemove_loadsTheLastWordOnEach() {
    RocksDbStateStore store = store();
    store.storeApplication(submitted(1));
    store.storeAttempt(runningAttempt(1, 1));
    store.storeApplication(finished(1));
    store.storeAttempt(failedAttempt(1, 1));
    store.storeApplication(submitted(2));
    store.storeAttempt(runningAttempt(2, 1));
    store.removeApplication(appId(2)).join();

    RecoveredState state = reopen(store);

    assertThat(state.applications()).usingRecursiveFieldByFieldElementComparator().containsExactly(finished(1));
    assertThat(state.attemptsOf(appId(1))).containsExactly(failedAttempt(1, 1));
    assertThat(state.attempts()).doesNotContainKey(appId(2));
  }

  @Test
  void thousandInterleavedWrites_loadBackAsTheirOrderLeftThem() {
    RocksDbStateStore store = store();
    Map<Integer, ApplicationRecord> expected = new TreeMap<>();
    Map<Integer, AttemptRecord> expectedAttempts = new TreeMap<>();
    CompletableFuture<Void> last = null;
    for (int i = 0; i < 1000; i++) {
      int seq = 1 + i % 97; // revisits each application several times, in every phase
      switch (i % 4) {
        case 0 -> {
          last = store.storeApplication(submitted(seq));
          expected.put(seq, submitted(seq));
        }
        case 1 -> {
          last = store.storeAttempt(runningAttempt(seq, 1));
          expectedAttempts.put(seq, runningAttempt(seq, 1));
        }
        case 2 -> {
          last = store.storeApplication(finished(seq));
          expected.put(seq, finished(seq));
        }
        default -> {
          last = store.removeApplication(appId(seq));
          expected.remove(seq);
          expectedAttempts.remove(seq);
        }
      }
    }
    last.join();

    RecoveredState state = reopen(store);

    assertThat(state.applications()).usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(expected.values());
    Map<Integer, AttemptRecord> loadedAttempts = new TreeMap<>();
    state.attempts().forEach((id, list) -> list.forEach(a -> loadedAttempts.put(id.sequence(), a)));
    assertThat(loadedAttempts).isEqualTo(expectedAttempts);
  }

  @Test
  void removingAnApplication_leavesAnotherWhoseIdExtendsItsId() {
    RocksDbStateStore store = store();
    store.storeApplication(submitted(1));
    store.storeAttempt(runningAttempt(1, 1));
    store.storeApplication(submitted(10));
    store.storeAttempt(runningAttempt(10, 1));
    store.storeApplication(submitted(10000));
    store.storeAttempt(runningAttempt(10000, 1));
    store.removeApplication(appId(1)).join();

    RecoveredState state = reopen(store);

    assertThat(state.attempts().keySet()).containsExactlyInAnyOrder(appId(10), appId(10000));
  }

  @Test
  void lastSequence_survivesRemovalOfTheHighestApplication() {
    RocksDbStateStore store = store();
    store.storeApplication(submitted(5));
    store.storeApplication(submitted(7));
    store.removeApplication(appId(7));
    store.storeApplication(finished(5)).join();

    RecoveredState state = reopen(store);

    assertThat(state.lastSequence()).isEqualTo(7);
    assertThat(state.applications()).extracting(a -> a.submission().id()).containsExactly(appId(5));
  }

  @Test
  void identity_roundTripsAndItsKeysVerifySignaturesMadeBeforeTheRestart() {
    RocksDbStateStore store = store();
    RmIdentity identity = StoreFixtures.identity();
    byte[] tokenId = "container_1700000000000_0001_01_000001".getBytes(StandardCharsets.UTF_8);
    byte[] containerSig = identity.containerKey().sign(tokenId);
    byte[] amrmSig = identity.amrmKey().sign(tokenId);
    store.storeIdentity(identity);

    RmIdentity loaded = reopen(store).identity().orElseThrow();

    assertThat(loaded.clusterTimestamp()).isEqualTo(identity.clusterTimestamp());
    assertThat(loaded.epoch()).isEqualTo(3);
    assertThat(loaded.containerKey().keyId()).isEqualTo(11);
    assertThat(loaded.containerKey().verify(tokenId, containerSig)).isTrue();
    assertThat(loaded.amrmKey().verify(tokenId, amrmSig)).isTrue();
    assertThat(loaded.amrmKey().verify(tokenId, containerSig)).isFalse();
  }

  @Test
  void writeAfterClose_failsItsFutureNamingTheStore() {
    RocksDbStateStore store = store();
    store.load();
    store.close();

    CompletableFuture<Void> write = store.storeApplication(submitted(1));

    assertThatThrownBy(write::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(StateStoreException.class)
        .hasMessageContaining(store.dir().toString()).hasMessageContaining("closed");
  }

  @Test
  void close_appliesWritesQueuedBeforeIt() {
    RocksDbStateStore store = store();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      writes.add(store.storeApplication(submitted(i)));
    }
    store.close();

    assertThat(writes).allMatch(w -> w.isDone() && !w.isCompletedExceptionally());
    assertThat(store().load().applications()).hasSize(200);
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
