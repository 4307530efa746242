package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.config.WeftConfig;
import io.weft.rm.config.RmKeys;
import io.weft.rm.store.InMemoryStateStore;
import io.weft.rm.store.RocksDbStateStore;
import io.weft.rm.store.StateStore;
import io.weft.rm.store.ZkStateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoresTest {
  @TempDir
  Path tmp;

  @Test
  void recoveryEnabledByDefault_opensRocksDbAtTheConfiguredDir() {
    WeftConfig config = WeftConfig.of(Map.of("weft.resourcemanager.store.dir", tmp.resolve("s").toString()));

    try (StateStore store = StateStores.open(config)) {
      assertThat(store).isInstanceOf(RocksDbStateStore.class);
      assertThat(store.name()).isEqualTo("RocksDbStateStore");
      assertThat(((RocksDbStateStore) store).dir()).isEqualTo(tmp.resolve("s").toAbsolutePath());
    }
  }

  @Test
  void withHa_opensTheClustersZooKeeperStore_andWithoutItTheLocalOne() throws Exception {
    try (TestingServer zkServer = new TestingServer(true);
        CuratorFramework zk = CuratorFrameworkFactory.newClient(zkServer.getConnectString(),
            new RetryUntilElapsed(10_000, 100))) {
      zk.start();
      WeftConfig ha = WeftConfig.of(Map.of("weft.resourcemanager.ha.enabled", "true",
          "weft.resourcemanager.cluster-id", "c1", "weft.resourcemanager.zk-address", zkServer.getConnectString()));
      List<String> fenced = new ArrayList<>();

      try (StateStore store = StateStores.open(ha, zk, "rm1", fenced::add)) {
        assertThat(store).isInstanceOf(ZkStateStore.class);
        assertThat(((ZkStateStore) store).location()).endsWith(" /weft/c1/store");
        store.load();
        assertThat(zk.getData().forPath("/weft/c1/fence")).asString().isEqualTo("rm1");
      }
      WeftConfig local = WeftConfig.of(Map.of("weft.resourcemanager.store.dir", tmp.resolve("s").toString()));
      try (StateStore store = StateStores.open(local, zk, "rm1", fenced::add)) {
        assertThat(store).isInstanceOf(RocksDbStateStore.class);
      }
    }
  }

  @Test
  void recoveryDisabled_keepsStateInMemory() {
    WeftConfig config = WeftConfig.of(Map.of("weft.resourcemanager.recovery.enabled", "false"));

    try (StateStore store = StateStores.open(config)) {
      assertThat(store).isInstanceOf(InMemoryStateStore.class);
    }
  }

  @Test
  void storeDir_defaultsUnderWeftHomeOrTheTempDir() {
    String home = System.getenv("WEFT_HOME");
    Path expected = home != null && !home.isEmpty() ? Path.of(home, "data", "rm-state")
        : Path.of(System.getProperty("java.io.tmpdir"), "weft-rm-" + System.getProperty("user.name"), "state-store");

    assertThat(RmKeys.storeDir(WeftConfig.empty())).isEqualTo(expected);
    assertThat(RmKeys.storeDir(WeftConfig.empty().with(RmKeys.STORE_DIR, "/var/weft/rm"))).isEqualTo(Path.of("/var/weft/rm"));
  }
}
