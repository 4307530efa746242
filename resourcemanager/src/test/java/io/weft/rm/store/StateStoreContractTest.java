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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


/**
 * What every durable {@link StateStore} must do: what is saved loads again in a new instance on the same
 * location, in the order the writes were made. Each implementation's test extends this with its own
 * location, and adds what is particular to it.
 */
abstract class StateStoreContractTest {
  protected final List<StateStore> opened = new ArrayList<>();

  /** A new store instance on the test's one location, ready to be written (as an RM's store is once it runs). */
  protected abstract StateStore newStore();

  /** How the store names its location in errors. */
  protected abstract String location(StateStore store);

  @AfterEach
  void closeStores() {
    opened.forEach(StateStore::close);
  }

  protected StateStore store() {
    StateStore store = newStore();
    opened.add(store);
    return store;
  }

  /** Closes {@code store} and opens the same location again, as a restarted RM would. */
  protected RecoveredState reopen(StateStore store) {
    store.close();
    return store().load();
  }

  @Test
  void userTokens_roundTrip_replaceOnRevocation_andSurviveAReopen() {
    StateStore store = store();
    store.load();
    UserTokenRecord issued = new UserTokenRecord("0123456789abcdef", "alice", new byte[] {1, 2, 3},
        java.time.Instant.ofEpochMilli(1000), java.util.Optional.of(java.time.Instant.ofEpochMilli(9000)),
        java.util.Optional.empty(), "admin");
    UserTokenRecord other = new UserTokenRecord("fedcba9876543210", "bob", new byte[] {4},
        java.time.Instant.ofEpochMilli(2000), java.util.Optional.empty(), java.util.Optional.empty(), "admin");
    store.storeUserToken(issued);
    store.storeUserToken(other);
    store.storeUserToken(issued.revokedAt(java.time.Instant.ofEpochMilli(5000)));
    store.storeApplication(submitted(1)).join();

    RecoveredState state = reopen(store);
    StateStore again = opened.get(opened.size() - 1);

    assertThat(state.applications()).hasSize(1);
    List<UserTokenRecord> tokens = again.loadUserTokens();
    assertThat(tokens).extracting(UserTokenRecord::id).containsExactlyInAnyOrder("0123456789abcdef",
        "fedcba9876543210");
    UserTokenRecord alice = tokens.stream().filter(t -> t.user().equals("alice")).findFirst().orElseThrow();
    assertThat(alice.revoked()).contains(java.time.Instant.ofEpochMilli(5000));
    assertThat(alice.expires()).contains(java.time.Instant.ofEpochMilli(9000));
    assertThat(alice.secretSha256()).containsExactly(1, 2, 3);
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
    StateStore store = store();
    ApplicationRecord running = submitted(1);
    ApplicationRecord ended = finished(2);
    // moved, its priority raised and a lifetime set after submission (application -updatePriority / -updateLifetime)
    ApplicationRecord moved = new ApplicationRecord(submitted(3).submission().inQueue("root.prod").withPriority(7)
        .withLifetime(java.time.Duration.ofSeconds(90)), submitted(3).submitTime(), null, null, null, null);
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
    StateStore store = store();
    ApplicationSubmission plain = new ApplicationSubmission(appId(9), "", "default", "bob", "", List.of(), 0,
        Resource.of(1024, 1), 1, new byte[0]);
    ApplicationRecord record = ApplicationRecord.submitted(plain, Instant.ofEpochSecond(1));
    store.storeApplication(record).join();

    RecoveredState state = reopen(store);

    assertThat(state.applications()).usingRecursiveFieldByFieldElementComparator().containsExactly(record);
    assertThat(state.applications().get(0).submission().keepContainersAcrossAttempts()).isFalse();
  }

  @Test
  void unmanagedSubmission_roundTrips_withItsUnmanagedAttempt() {
    StateStore store = store();
    ApplicationSubmission unmanaged = new ApplicationSubmission(appId(8), "uam", "default", "alice", "WEFT",
        List.of(), 0, Resource.NONE, 1, new byte[0], false, java.time.Duration.ZERO, true);
    ApplicationRecord record = ApplicationRecord.submitted(unmanaged, Instant.ofEpochSecond(1));
    AttemptRecord launched = new AttemptRecord(new ApplicationAttemptId(appId(8), 1), Instant.EPOCH,
        AttemptState.LAUNCHED, null, "client-host", 0, "", "", Integer.MIN_VALUE, null);
    store.storeApplication(record);
    store.storeAttempt(launched).join();

    RecoveredState state = reopen(store);

    assertThat(state.applications()).usingRecursiveFieldByFieldElementComparator().containsExactly(record);
    assertThat(state.applications().get(0).submission().unmanagedAm()).isTrue();
    assertThat(state.attemptsOf(appId(8))).containsExactly(launched);
  }

  @Test
  void storeThenReplaceThenRemove_loadsTheLastWordOnEach() {
    StateStore store = store();
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
    StateStore store = store();
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
    StateStore store = store();
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
    StateStore store = store();
    store.storeApplication(submitted(5));
    store.storeApplication(submitted(7));
    store.removeApplication(appId(7));
    store.storeApplication(finished(5)).join();

    RecoveredState state = reopen(store);

    assertThat(state.lastSequence()).isEqualTo(7);
    assertThat(state.applications()).extracting(a -> a.submission().id()).containsExactly(appId(5));
  }

  @Test
  void identity_keepsRollingKeys_nextAndPrevious_andWhenTheyLastChanged() {
    StateStore store = store();
    RmIdentity rolled = StoreFixtures.identity().withNextKeys(Instant.parse("2026-01-02T00:00:00Z"))
        .withNextKeysActivated(Instant.parse("2026-01-02T00:00:04Z")).withNextKeys(Instant.parse("2026-01-03T00:00:00Z"));
    byte[] tokenId = "appattempt_1700000000000_0001_000001".getBytes(StandardCharsets.UTF_8);
    byte[] signedByPrevious = rolled.nmTokenKeys().previous().orElseThrow().sign(tokenId);
    store.storeIdentity(rolled);

    RmIdentity loaded = reopen(store).identity().orElseThrow();

    assertThat(loaded.rollPending()).isTrue();
    assertThat(loaded.keysChangedAt()).isEqualTo(Instant.parse("2026-01-03T00:00:00Z"));
    assertThat(loaded.containerKeys().newest().keyId()).isEqualTo(rolled.containerKeys().newest().keyId());
    assertThat(loaded.containerKeys().previous().orElseThrow().keyId())
        .isEqualTo(rolled.containerKeys().previous().orElseThrow().keyId());
    assertThat(loaded.nmTokenKeys().current().keyId()).isEqualTo(rolled.nmTokenKeys().current().keyId());
    assertThat(loaded.nmTokenKeys().previous().orElseThrow().verify(tokenId, signedByPrevious)).isTrue();
    // the AMRM key rolled with the activation: the one before still verifies what it signed
    assertThat(loaded.amrmKey().keyId()).isEqualTo(rolled.amrmKey().keyId()).isNotEqualTo(12);
    assertThat(loaded.amrmKeys().previous().orElseThrow().keyId()).isEqualTo(12);
  }

  @Test
  void identity_roundTripsAndItsKeysVerifySignaturesMadeBeforeTheRestart() {
    StateStore store = store();
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
    StateStore store = store();
    store.load();
    store.close();

    CompletableFuture<Void> write = store.storeApplication(submitted(1));

    assertThatThrownBy(write::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(StateStoreException.class)
        .hasMessageContaining(location(store)).hasMessageContaining("closed");
  }

  @Test
  void close_appliesWritesQueuedBeforeIt() {
    StateStore store = store();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      writes.add(store.storeApplication(submitted(i)));
    }
    store.close();

    assertThat(writes).allMatch(w -> w.isDone() && !w.isCompletedExceptionally());
    assertThat(store().load().applications()).hasSize(200);
  }
}
