package io.weft.rm;

import io.grpc.ManagedChannel;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.StablePorts;
import io.weft.rm.config.RmKeys;
import io.weft.rm.ha.HaKeys;
import io.weft.rm.ha.HaServiceState;
import io.weft.rm.rpc.NodeChannels;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of an HA pair (rm1, rm2) on free ports of 127.0.0.1 with ZooKeeper at
 * {@code zkAddress}, and the real HA ResourceManagers started from it, each with its own in-memory
 * store (so these tests see election, standby and admin behaviour, not shared state).
 */
final class HaCluster implements AutoCloseable {
  static final List<String> IDS = List.of("rm1", "rm2");

  final WeftConfig config;
  private final List<HaResourceManager> started = new ArrayList<>();

  HaCluster(String zkAddress, Path dir) {
    this(zkAddress, dir, Map.of());
  }

  /** With {@code extra} on top of the pair's configuration (ZooKeeper credentials, ...). */
  HaCluster(String zkAddress, Path dir, Map<String, String> extra) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(CommonKeys.RM_HA_ENABLED.key(), "true");
    values.put(CommonKeys.RM_HA_RM_IDS.key(), String.join(",", IDS));
    for (String id : IDS) {
      values.put(RmEndpoints.rpcKey(id), "127.0.0.1:" + StablePorts.free());
      values.put(RmEndpoints.webKey(id), "127.0.0.1:" + StablePorts.free());
    }
    values.put(HaKeys.ZK_ADDRESS.key(), zkAddress);
    values.put(HaKeys.CLUSTER_ID.key(), "ha-test");
    values.put(RmKeys.RECOVERY_ENABLED.key(), "false");
    values.put(RmKeys.STAGING_DIR.key(), dir.resolve("staging").toString());
    values.putAll(extra);
    this.config = WeftConfig.of(values);
  }

  /** The configuration of RM {@code id}. */
  WeftConfig of(String id) {
    return config.with(HaKeys.HA_ID, id);
  }

  HaResourceManager start(String id) {
    return start(id, StateStores::open);
  }

  HaResourceManager start(String id, HaResourceManager.StoreOpener stores) {
    HaResourceManager rm = new HaResourceManager(of(id), Clock.systemUTC(), NodeChannels.netty(io.grpc.InsecureChannelCredentials.create()), stores);
    started.add(rm);
    rm.start();
    return rm;
  }

  static Optional<HaResourceManager> inState(HaServiceState state, HaResourceManager... rms) {
    return List.of(rms).stream().filter(rm -> rm.status().state() == state).findFirst();
  }

  static ManagedChannel channel(HaResourceManager rm) {
    return Channels.forAddress(rm.address());
  }

  @Override
  public void close() {
    started.forEach(HaResourceManager::close);
  }
}
