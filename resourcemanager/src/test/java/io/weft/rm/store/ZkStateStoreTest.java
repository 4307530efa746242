package io.weft.rm.store;

import static io.weft.rm.store.StoreFixtures.appId;
import static io.weft.rm.store.StoreFixtures.finished;
import static io.weft.rm.store.StoreFixtures.runningAttempt;
import static io.weft.rm.store.StoreFixtures.submitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.common.resource.Resource;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.ha.HaPaths;
import io.weft.rm.ha.ZkClientTls;
import io.weft.rm.ha.ZkSecurity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ZooKeeper store against a real ZooKeeper server: the store contract, then fencing, outages and limits. */
class ZkStateStoreTest extends StateStoreContractTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HaPaths PATHS = new HaPaths("/weft/c1");

  private TestingServer server;
  private final List<CuratorFramework> clients = new ArrayList<>();
  private final List<String> fencedCalls = new CopyOnWriteArrayList<>();
  private CuratorFramework raw;

  @BeforeEach
  void startZooKeeper() throws Exception {
    server = new TestingServer(true); // a free port
    raw = client(new RetryUntilElapsed(10_000, 100));
  }

  @AfterEach
  void stopZooKeeper() throws Exception {
    opened.forEach(StateStore::close); // before their clients
    clients.forEach(CuratorFramework::close);
    server.close();
  }

  private CuratorFramework client(RetryPolicy retry) throws InterruptedException {
    CuratorFramework zk = CuratorFrameworkFactory.builder().connectString(server.getConnectString())
        .sessionTimeoutMs(10_000).connectionTimeoutMs(1_000).retryPolicy(retry).build();
    clients.add(zk);
    zk.start();
    assertThat(zk.blockUntilConnected(60, TimeUnit.SECONDS)).isTrue();
    return zk;
  }

  /** A loaded store of RM {@code rmId} with a client of its own; its fenced calls land in {@link #fencedCalls}. */
  private ZkStateStore store(String rmId, RetryPolicy retry) throws InterruptedException {
    ZkStateStore store = new ZkStateStore(client(retry), PATHS, rmId, fencedCalls::add);
    opened.add(store);
    return store;
  }

  @Override
  protected StateStore newStore() {
    try {
      ZkStateStore store = new ZkStateStore(client(new RetryUntilElapsed(10_000, 100)), PATHS, "rm1",
          fencedCalls::add);
      store.load(); // an RM's store writes once it has claimed the fence
      return store;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected String location(StateStore store) {
    return ((ZkStateStore) store).location();
  }

  private byte[] data(String path) throws Exception {
    return raw.getData().forPath(path);
  }

  private Stat stat(String path) throws Exception {
    return raw.checkExists().forPath(path);
  }

  @Test
  void layout_isOneZnodePerApplicationWithItsAttemptsAsChildren() throws Exception {
    StateStore store = store();
    store.storeIdentity(StoreFixtures.identity());
    store.storeApplication(finished(1));
    store.storeAttempt(runningAttempt(1, 1)).join();

    assertThat(raw.getChildren().forPath(PATHS.store()))
        .containsExactlyInAnyOrder("schema-version", "identity", "last-sequence", "apps");
    assertThat(raw.getChildren().forPath(PATHS.store() + "/apps")).containsExactly(appId(1).toString());
    assertThat(raw.getChildren().forPath(PATHS.store() + "/apps/" + appId(1))).containsExactly("000001");
    assertThat(new String(data(PATHS.store() + "/last-sequence"), StandardCharsets.UTF_8)).isEqualTo("1");
    assertThat(new String(data(PATHS.fence()), StandardCharsets.UTF_8)).isEqualTo("rm1");
  }

  @Test
  void anotherRmLoading_fencesTheFirst_whoseWritesChangeNothing() throws Exception {
    ZkStateStore first = store("rm1", new RetryUntilElapsed(10_000, 100));
    first.load();
    first.storeApplication(submitted(1));
    first.storeAttempt(runningAttempt(1, 1)).join();
    String app = PATHS.store() + "/apps/" + appId(1);
    byte[] appBefore = data(app);
    int appVersionBefore = stat(app).getVersion();
    List<String> appChildrenBefore = raw.getChildren().forPath(app);

    ZkStateStore second = store("rm2", new RetryUntilElapsed(10_000, 100));
    second.load();
    CompletableFuture<Void> late = first.storeApplication(finished(1));

    String expected = "ResourceManager rm1 was fenced off the state store at /weft/c1/store: rm2 became active "
        + "(fence /weft/c1/fence version 1, ours 0); rm1 writes nothing more";
    assertThatThrownBy(late::join).cause().isInstanceOf(StateStoreException.class).hasMessage(expected);
    assertThat(fencedCalls).containsExactly(expected);
    assertThat(data(app)).isEqualTo(appBefore);
    assertThat(stat(app).getVersion()).isEqualTo(appVersionBefore);
    assertThat(raw.getChildren().forPath(app)).isEqualTo(appChildrenBefore);

    // later writes fail at once: completed before the call returns, so ZooKeeper never saw them
    CompletableFuture<Void> later = first.removeApplication(appId(1));
    assertThat(later).isCompletedExceptionally();
    assertThatThrownBy(later::join).cause().hasMessage(expected);
    assertThatThrownBy(() -> first.storeIdentity(StoreFixtures.identity())).hasMessage(expected);
    assertThat(fencedCalls).hasSize(1);
    assertThat(stat(PATHS.store() + "/identity")).isNull();

    // the new active's view is what the old one wrote before it was fenced
    second.storeAttempt(runningAttempt(1, 2)).join();
    RecoveredState state = reopen(second);
    assertThat(state.applications()).usingRecursiveFieldByFieldElementComparator().containsExactly(submitted(1));
    assertThat(state.attemptsOf(appId(1))).containsExactly(runningAttempt(1, 1), runningAttempt(1, 2));
  }

  @Test
  void writesQueuedWhenTheFenceMoves_allFailAndTheCallbackRunsOnce() throws Exception {
    ZkStateStore first = store("rm1", new RetryUntilElapsed(10_000, 100));
    first.load();
    store("rm2", new RetryUntilElapsed(10_000, 100)).load();

    List<CompletableFuture<Void>> burst = new ArrayList<>();
    for (int seq = 1; seq <= 300; seq++) {
      burst.add(first.storeApplication(submitted(seq)));
    }

    assertThat(burst).allSatisfy(w -> assertThatThrownBy(w::join).cause().hasMessageContaining("rm1 was fenced"));
    assertThat(fencedCalls).hasSize(1);
    assertThat(raw.getChildren().forPath(PATHS.store() + "/apps")).isEmpty();
  }

  @Test
  void anOnFencedThatClosesTheStore_doesNotWaitForItself() throws Exception {
    List<ZkStateStore> self = new ArrayList<>();
    ZkStateStore first = new ZkStateStore(client(new RetryUntilElapsed(10_000, 100)), PATHS, "rm1", message -> {
      fencedCalls.add(message);
      self.get(0).close();
    });
    self.add(first);
    opened.add(first);
    first.load();
    store("rm2", new RetryUntilElapsed(10_000, 100)).load();

    CompletableFuture<Void> late = first.storeApplication(submitted(1));

    assertThatThrownBy(() -> late.get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause().hasMessageContaining("fenced");
    assertThat(fencedCalls).hasSize(1);
    assertThatThrownBy(() -> first.storeApplication(submitted(2)).join()).cause().hasMessageContaining("rm1");
  }

  @Test
  void formatDeletingTheFence_fencesTheActiveToo() throws Exception {
    ZkStateStore store = store("rm1", new RetryUntilElapsed(10_000, 100));
    store.load();
    raw.delete().forPath(PATHS.fence());

    assertThatThrownBy(() -> store.storeApplication(submitted(1)).join()).cause()
        .hasMessageContaining("rm1 was fenced").hasMessageContaining("/weft/c1/fence was deleted");
    assertThat(fencedCalls).hasSize(1);
  }

  @Test
  void aFencedRmThatLoadsAgain_holdsTheFenceAgain() throws Exception {
    ZkStateStore first = store("rm1", new RetryUntilElapsed(10_000, 100));
    first.load();
    store("rm2", new RetryUntilElapsed(10_000, 100)).load();
    assertThatThrownBy(() -> first.storeApplication(submitted(1)).join()).cause().hasMessageContaining("fenced");

    first.load(); // rm1 became active again

    first.storeApplication(submitted(2)).join();
    assertThat(new String(data(PATHS.fence()), StandardCharsets.UTF_8)).isEqualTo("rm1");
  }

  @Test
  void writeBeforeLoad_isRefusedNamingTheFence() throws Exception {
    ZkStateStore store = store("rm1", new RetryUntilElapsed(10_000, 100));

    assertThatThrownBy(() -> store.storeApplication(submitted(1)).join()).cause()
        .isInstanceOf(StateStoreException.class).hasMessageContaining("load()").hasMessageContaining("/weft/c1/fence");
    assertThat(stat(PATHS.store())).isNull();
  }

  /** As a transaction leaves them when it committed but its reply was lost and the client retried it. */
  @Test
  void nodesOtherThanTheStoreExpects_areReadAgainAndTheWriteApplied() throws Exception {
    StateStore store = store();
    store.storeApplication(submitted(2));
    store.storeAttempt(runningAttempt(2, 1)).join();
    raw.create().forPath(PATHS.store() + "/apps/" + appId(1), StoredRecords.toProto(submitted(1)).toByteArray());
    raw.delete().forPath(PATHS.store() + "/apps/" + appId(2) + "/000001");

    store.storeApplication(finished(1)).join(); // planned as a create: the node exists
    store.removeApplication(appId(2)).join(); // planned with an attempt that is gone

    RecoveredState state = reopen(store);
    assertThat(state.applications()).usingRecursiveFieldByFieldElementComparator().containsExactly(finished(1));
    assertThat(fencedCalls).isEmpty();
  }

  @Test
  void zooKeeperDownPastTheRetries_failsTheWriteNamingTheEnsemble() throws Exception {
    ZkStateStore store = store("rm1", new RetryUntilElapsed(3_000, 200));
    store.load();
    server.stop();

    CompletableFuture<Void> write = store.storeApplication(submitted(1));

    await().atMost(WAIT).until(write::isDone);
    assertThatThrownBy(write::join).cause().isInstanceOf(StateStoreException.class)
        .hasMessageContaining(server.getConnectString()).hasMessageContaining("CONNECTIONLOSS");
    assertThat(fencedCalls).isEmpty();
  }

  @Test
  void zooKeeperBackWithinTheRetries_theWriteLands() throws Exception {
    ZkStateStore store = store("rm1", new RetryUntilElapsed(60_000, 200));
    store.load();
    CuratorFramework storeClient = clients.get(clients.size() - 1);
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    storeClient.getConnectionStateListenable().addListener((c, s) -> states.add(s));
    server.stop();
    await().atMost(WAIT).until(() -> states.contains(ConnectionState.SUSPENDED));

    CompletableFuture<Void> write = store.storeApplication(submitted(1));
    assertThat(write).isNotDone();
    server.restart();

    write.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(reopen(store).applications()).usingRecursiveFieldByFieldElementComparator()
        .containsExactly(submitted(1));
  }

  @Test
  void expiredSession_doesNotStopTheStoreOfAnRmNoOneFenced() throws Exception {
    ZkStateStore store = store("rm1", new RetryUntilElapsed(30_000, 200));
    store.load();
    store.storeApplication(submitted(1)).join();

    KillSession.kill(clients.get(clients.size() - 1).getZookeeperClient().getZooKeeper());
    store.storeApplication(finished(1)).join();

    assertThat(reopen(store).applications()).usingRecursiveFieldByFieldElementComparator()
        .containsExactly(finished(1));
    assertThat(fencedCalls).isEmpty();
  }

  @Test
  void moreApplicationsThanReadsInFlight_allLoad() {
    StateStore store = store();
    int applications = ZkBulkReader.WINDOW * 2 + 500;
    CompletableFuture<Void> last = null;
    for (int seq = 1; seq <= applications; seq++) {
      store.storeApplication(finished(seq));
      store.storeAttempt(StoreFixtures.failedAttempt(seq, 1));
      last = store.storeAttempt(runningAttempt(seq, 2));
    }
    last.join();

    RecoveredState state = reopen(store);

    assertThat(state.applications()).hasSize(applications);
    assertThat(state.applications().get(applications - 1)).usingRecursiveComparison().isEqualTo(finished(applications));
    assertThat(state.attemptsOf(appId(applications)))
        .containsExactly(StoreFixtures.failedAttempt(applications, 1), runningAttempt(applications, 2));
    assertThat(state.lastSequence()).isEqualTo(applications);
  }

  @Test
  void recordOverTheLimit_failsNamingTheApplicationItsSizeAndTheLimit() throws Exception {
    StateStore store = store();
    ApplicationSubmission huge = new ApplicationSubmission(appId(1), "big", "default", "alice", "", List.of(), 0,
        Resource.of(1024, 1), 1, new byte[ZkStateStore.MAX_RECORD_BYTES]);

    CompletableFuture<Void> write = store.storeApplication(ApplicationRecord.submitted(huge, StoreFixtures.T0));

    assertThatThrownBy(write::join).cause().isInstanceOf(StateStoreException.class)
        .hasMessageContaining("application " + appId(1))
        .hasMessageMatching("(?s).*its record is \\d+ bytes, over the limit of " + ZkStateStore.MAX_RECORD_BYTES
            + " bytes.*");
    store.storeApplication(submitted(2)).join(); // the store carries on
    assertThat(raw.getChildren().forPath(PATHS.store() + "/apps")).containsExactly(appId(2).toString());
  }

  @Test
  void recordsJustUnderTheLimit_areGroupedIntoTransactionsZooKeeperAccepts() {
    StateStore store = store();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int seq = 1; seq <= 4; seq++) {
      ApplicationSubmission big = new ApplicationSubmission(appId(seq), "big", "default", "alice", "", List.of(), 0,
          Resource.of(1024, 1), 1, new byte[ZkStateStore.MAX_RECORD_BYTES - 200]);
      writes.add(store.storeApplication(ApplicationRecord.submitted(big, StoreFixtures.T0)));
    }
    writes.forEach(CompletableFuture::join);

    assertThat(reopen(store).applications()).hasSize(4);
  }

  @Test
  void attemptOfAnApplicationNotStored_failsNamingIt() {
    StateStore store = store();

    assertThatThrownBy(() -> store.storeAttempt(runningAttempt(5, 1)).join()).cause()
        .hasMessageContaining("application " + appId(5) + " is not in the store");
  }

  @Test
  void newerSchemaVersion_isRefusedNamingTheZnodeAndTheFormatVerb() throws Exception {
    store().close();
    raw.setData().forPath(PATHS.store() + "/schema-version", "2".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(this::store).isInstanceOf(StateStoreException.class)
        .hasMessageContaining(PATHS.store() + "/schema-version is 2")
        .hasMessageContaining(server.getConnectString())
        .hasMessageContaining("bin/weft resourcemanager -format-state-store");
  }

  @Test
  void recordThatDoesNotParse_isRefusedNamingItsZnode() throws Exception {
    StateStore store = store();
    store.storeApplication(submitted(1)).join();
    store.close();
    raw.setData().forPath(PATHS.store() + "/apps/" + appId(1), new byte[] {(byte) 0xff, 0x01, 0x02});

    assertThatThrownBy(this::store).isInstanceOf(StateStoreException.class)
        .hasMessageContaining("record /weft/c1/store/apps/" + appId(1) + " does not parse")
        .hasMessageContaining("-format-state-store");
  }

  @Test
  void aStoreWhoseLoadFailed_refusesWrites() throws Exception {
    store().close();
    raw.setData().forPath(PATHS.store() + "/schema-version", "2".getBytes(StandardCharsets.UTF_8));
    ZkStateStore store = store("rm1", new RetryUntilElapsed(10_000, 100));
    assertThatThrownBy(store::load).isInstanceOf(StateStoreException.class);

    assertThatThrownBy(() -> store.storeApplication(submitted(1)).join()).cause()
        .isInstanceOf(StateStoreException.class).hasMessageContaining("load()");
    assertThat(raw.getChildren().forPath(PATHS.store() + "/apps")).isEmpty();
  }

  @Test
  void storeWithoutSchemaVersion_isRefusedNotAnEmptyStart() throws Exception {
    StateStore store = store();
    store.storeApplication(finished(1)).join();
    store.close();
    raw.delete().forPath(PATHS.store() + "/schema-version");

    assertThatThrownBy(this::store).isInstanceOf(StateStoreException.class)
        .hasMessageContaining("schema-version is missing");
  }

  @Test
  void format_wipesStoreAndFence_keepsTheElection() throws Exception {
    StateStore store = store();
    store.storeIdentity(StoreFixtures.identity());
    store.storeApplication(finished(1));
    store.storeAttempt(runningAttempt(1, 1)).join();
    store.close();
    raw.create().creatingParentsIfNeeded().forPath(PATHS.election());

    List<ZkStoreFormatter.Deleted> deleted = ZkStoreFormatter.format(server.getConnectString(),
        Duration.ofSeconds(10), PATHS, ZkSecurity.OPEN, ZkClientTls.OFF);

    assertThat(deleted).containsExactly(new ZkStoreFormatter.Deleted(PATHS.store(), 7),
        new ZkStoreFormatter.Deleted(PATHS.fence(), 1));
    assertThat(stat(PATHS.store())).isNull();
    assertThat(stat(PATHS.fence())).isNull();
    assertThat(stat(PATHS.election())).isNotNull();
    RecoveredState state = store().load();
    assertThat(state.identity()).isEmpty();
    assertThat(state.applications()).isEmpty();
  }

  @Test
  void format_isRefusedWhileAnRmTakesPartInTheElection() throws Exception {
    store().storeApplication(submitted(1)).join();
    raw.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
        .forPath(PATHS.election() + "/latch-");

    assertThatThrownBy(() -> ZkStoreFormatter.format(raw, PATHS)).isInstanceOf(StateStoreException.class)
        .hasMessageContaining("1 ResourceManager(s) take part in the election at " + PATHS.election());
    assertThat(raw.getChildren().forPath(PATHS.store() + "/apps")).containsExactly(appId(1).toString());
  }

  @Test
  void format_ofAnUnreachableEnsemble_failsNamingIt() throws Exception {
    String address = server.getConnectString();
    server.stop();

    assertThatThrownBy(() -> ZkStoreFormatter.format(address, Duration.ofMillis(500), PATHS, ZkSecurity.OPEN,
        ZkClientTls.OFF))
        .isInstanceOf(StateStoreException.class).hasMessageContaining(address).hasMessageContaining("500 ms");
  }
}
