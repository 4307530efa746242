package io.weft.rm.ha;

import io.weft.common.config.ConfigKey;
import java.time.Duration;

/**
 * The ResourceManager's HA keys (election and state store in ZooKeeper). Those every caller reads
 * (ha.enabled, ha.rm-ids, the per-id addresses) are in CommonKeys and RmEndpoints.
 */
public final class HaKeys {
  public static final ConfigKey<String> HA_ID = ConfigKey.string("weft.resourcemanager.ha.id", "",
      "with HA: which of weft.resourcemanager.ha.rm-ids this ResourceManager is; empty = the one whose "
          + "weft.resourcemanager.address.<id> is an address of this host (exactly one must be)");
  public static final ConfigKey<String> ZK_ADDRESS = ConfigKey.string("weft.resourcemanager.zk-address", "",
      "with HA: the ZooKeeper ensemble (host:port,host:port,...) holding the election and the state store");
  public static final ConfigKey<Duration> ZK_TIMEOUT = ConfigKey.millis("weft.resourcemanager.zk-timeout-ms", 1500,
      100, "with HA: the ZooKeeper session timeout; an active RM silent this long (killed, frozen, cut off) loses "
          + "its leadership and a standby takes over. YARN's default is 10000; the ZooKeeper servers must allow it "
          + "(minSessionTimeout, 2 x tickTime by default)");
  public static final ConfigKey<String> CLUSTER_ID = ConfigKey.string("weft.resourcemanager.cluster-id", "",
      "with HA: the cluster's name in ZooKeeper (required), so that clusters sharing an ensemble stay apart");
  public static final ConfigKey<String> ZK_PARENT_PATH = ConfigKey.string(
      "weft.resourcemanager.zk-state-store.parent-path", "/weft",
      "with HA: the ZooKeeper path under which each cluster-id keeps its election and state store");
  public static final ConfigKey<String> ZK_AUTH = ConfigKey.string("weft.resourcemanager.zk-auth", "",
      "with HA: the credentials the ResourceManagers add to their ZooKeeper session (YARN's "
          + "yarn.resourcemanager.zk-auth): scheme:auth[,scheme:auth...], e.g. digest:<user>:<password>, or "
          + "@/path/to/file holding that (keep the file mode 0600). The same on every RM of the cluster; "
          + "clients and NodeManagers never need it");
  public static final ConfigKey<String> ZK_ACL = ConfigKey.string("weft.resourcemanager.zk-acl", "",
      "with HA: the ACL of every znode the ResourceManagers create (YARN's yarn.resourcemanager.zk-acl): "
          + "scheme:id:perms[,...] with perms of rwcda, e.g. digest:<user>:<base64 SHA-1 of user:password>:rwcda, "
          + "or @/path/to/file. Empty: the first digest identity of weft.resourcemanager.zk-auth with every "
          + "permission; without one, world:anyone:rwcda, which weft.security.tls.enabled=true refuses "
          + "(set this key to world:anyone:rwcda to accept an open store)");
  public static final ConfigKey<Boolean> ZK_SSL_ENABLED = ConfigKey.bool("weft.resourcemanager.zk-ssl.enabled", false,
      "with HA: speak TLS to ZooKeeper's secure client port (ZooKeeper's client TLS over its Netty socket), "
          + "trusting weft.security.tls.trust and presenting the RM's weft.security.tls.cert / key; the "
          + "ensemble must serve a secureClientPort with certificates of a CA in that trust file");

  private HaKeys() {}

  /** Does nothing, but calling it loads this class, which declares every key above. */
  public static void declare() {}
}
