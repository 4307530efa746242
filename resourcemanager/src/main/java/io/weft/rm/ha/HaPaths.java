package io.weft.rm.ha;

import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;

/**
 * Where one cluster keeps its HA state in ZooKeeper: everything under
 * {@code <weft.resourcemanager.zk-state-store.parent-path>/<weft.resourcemanager.cluster-id>}, so
 * clusters sharing an ensemble stay apart.
 */
public record HaPaths(String cluster) {
  /** The paths of the configured cluster; fails naming the key when the cluster id is missing or unusable. */
  public static HaPaths of(WeftConfig config) {
    String clusterId = config.get(HaKeys.CLUSTER_ID).strip();
    if (clusterId.isEmpty()) {
      throw new ConfigException("HA needs " + HaKeys.CLUSTER_ID.key() + ": set it to the cluster's name, the same "
          + "on every ResourceManager of the cluster");
    }
    if (!clusterId.matches("[A-Za-z0-9_.-]+")) {
      throw new ConfigException("configuration " + HaKeys.CLUSTER_ID.key() + "=" + clusterId
          + " may hold only letters, digits, '.', '-' and '_'");
    }
    String parent = config.get(HaKeys.ZK_PARENT_PATH).strip();
    if (!parent.startsWith("/") || parent.endsWith("/") && parent.length() > 1 || parent.contains("//")) {
      throw new ConfigException("configuration " + HaKeys.ZK_PARENT_PATH.key() + "=" + parent
          + " is not an absolute ZooKeeper path such as /weft");
    }
    return new HaPaths((parent.equals("/") ? "" : parent) + "/" + clusterId);
  }

  /** The leader election's latch (Curator LeaderLatch). */
  public String election() {
    return cluster + "/election";
  }

  /** The state store's records. */
  public String store() {
    return cluster + "/store";
  }

  /** The fencing node: its version changes each time an RM becomes active; every store write checks it. */
  public String fence() {
    return cluster + "/fence";
  }
}
