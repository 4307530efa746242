package io.weft.rm.store;

import io.weft.rm.ha.HaPaths;
import io.weft.rm.ha.ZkClientTls;
import io.weft.rm.ha.ZkSecurity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Wipes a cluster's {@link ZkStateStore} ({@code -format-state-store} with HA): its store and its fence,
 * not its election. Refuses while a ResourceManager takes part in the election, as the RocksDB formatter
 * refuses a store an RM holds open.
 */
public final class ZkStoreFormatter {
  private static final Logger LOG = LogManager.getLogger();

  /** What was deleted: a path and how many znodes went with it. */
  public record Deleted(String path, int znodes) {}

  private ZkStoreFormatter() {}

  /**
   * Formats through a client of its own, closed before it returns; {@code timeout} bounds the wait for ZooKeeper.
   * The client presents {@code security}'s credentials and speaks {@code tls}, as the RMs do.
   */
  public static List<Deleted> format(String connectString, Duration timeout, HaPaths paths, ZkSecurity security,
      ZkClientTls tls) {
    int millis = (int) timeout.toMillis();
    try (CuratorFramework zk = tls.applyTo(security.applyTo(CuratorFrameworkFactory.builder()
        .connectString(connectString).sessionTimeoutMs(Math.max(millis, 2_000)).connectionTimeoutMs(millis)
        .retryPolicy(new RetryNTimes(1, 100)), paths)).build()) {
      zk.start();
      if (!zk.blockUntilConnected(millis, TimeUnit.MILLISECONDS)) {
        throw new StateStoreException("cannot format the state store in ZooKeeper at " + connectString
            + ": no answer within " + millis + " ms (weft.resourcemanager.zk-address, weft.resourcemanager.zk-timeout-ms)");
      }
      return format(zk, paths);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateStoreException("interrupted while formatting the state store in ZooKeeper at " + connectString, e);
    }
  }

  public static List<Deleted> format(CuratorFramework zk, HaPaths paths) {
    String where = "ZooKeeper " + zk.getZookeeperClient().getCurrentConnectionString();
    try {
      if (zk.checkExists().forPath(paths.election()) != null) {
        List<String> participants = zk.getChildren().forPath(paths.election());
        if (!participants.isEmpty()) {
          throw new StateStoreException("cannot format the state store at " + where + " " + paths.store() + ": "
              + participants.size() + " ResourceManager(s) take part in the election at " + paths.election()
              + "; stop every ResourceManager of the cluster first (a killed one's session lasts until "
              + "weft.resourcemanager.zk-timeout-ms has passed)");
        }
      }
      List<Deleted> deleted = new ArrayList<>();
      for (String path : List.of(paths.store(), paths.fence())) {
        if (zk.checkExists().forPath(path) != null) {
          int znodes = count(zk, path);
          zk.delete().deletingChildrenIfNeeded().forPath(path);
          deleted.add(new Deleted(path, znodes));
        }
      }
      LOG.info("Formatted the state store at {}: deleted {}", where, deleted);
      return deleted;
    } catch (StateStoreException e) {
      throw e;
    } catch (Exception e) {
      throw new StateStoreException("cannot format the state store at " + where + " " + paths.store() + ": " + e, e);
    }
  }

  private static int count(CuratorFramework zk, String path) throws Exception {
    int n = 1;
    for (String child : zk.getChildren().forPath(path)) {
      n += count(zk, path + "/" + child);
    }
    return n;
  }
}
