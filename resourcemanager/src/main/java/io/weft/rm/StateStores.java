package io.weft.rm;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.rm.config.RmKeys;
import io.weft.rm.ha.HaPaths;
import io.weft.rm.store.InMemoryStateStore;
import io.weft.rm.store.RocksDbStateStore;
import io.weft.rm.store.StateStore;
import io.weft.rm.store.ZkStateStore;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;

/** Picks the RM's state store from its configuration. */
public final class StateStores {
  private StateStores() {}

  /**
   * The RocksDB store at {@link RmKeys#storeDir} when {@code weft.resourcemanager.recovery.enabled}
   * (the default), else an {@link InMemoryStateStore}. Nothing is read until {@link StateStore#load}.
   */
  public static StateStore open(WeftConfig config) {
    return config.get(RmKeys.RECOVERY_ENABLED)
        ? new RocksDbStateStore(RmKeys.storeDir(config), config.get(RmKeys.STORE_SYNC))
        : new InMemoryStateStore();
  }

  /**
   * With {@code weft.resourcemanager.ha.enabled}: the cluster's {@link ZkStateStore} (at
   * {@link HaPaths#of}), written through {@code zk}, which the caller starts and closes; {@code onFenced} is
   * told once when another RM has claimed the store. Without HA: {@link #open(WeftConfig)}.
   */
  public static StateStore open(WeftConfig config, CuratorFramework zk, String rmId, Consumer<String> onFenced) {
    return config.get(CommonKeys.RM_HA_ENABLED)
        ? new ZkStateStore(zk, HaPaths.of(config), rmId, onFenced)
        : open(config);
  }
}
