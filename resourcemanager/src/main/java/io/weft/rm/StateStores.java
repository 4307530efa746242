package io.weft.rm;

import io.weft.common.config.WeftConfig;
import io.weft.rm.store.InMemoryStateStore;
import io.weft.rm.store.RocksDbStateStore;
import io.weft.rm.store.StateStore;

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
}
