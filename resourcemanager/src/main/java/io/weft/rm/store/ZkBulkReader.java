package io.weft.rm.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.zookeeper.KeeperException;

/**
 * Reads many znodes with up to {@link #WINDOW} requests in flight, so loading a store costs a few round
 * trips rather than one per znode (a failover waits for the load). The first error fails the read.
 */
final class ZkBulkReader {
  static final int WINDOW = 1_000;
  private static final long ALL_ANSWERED_MINUTES = 5;

  private final CuratorFramework zk;

  ZkBulkReader(CuratorFramework zk) {
    this.zk = zk;
  }

  Map<String, byte[]> data(Collection<String> paths) throws Exception {
    return read(paths, false);
  }

  Map<String, List<String>> children(Collection<String> paths) throws Exception {
    return read(paths, true);
  }

  @SuppressWarnings("unchecked")
  private <T> Map<String, T> read(Collection<String> paths, boolean children) throws Exception {
    Map<String, T> results = new ConcurrentHashMap<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Semaphore window = new Semaphore(WINDOW);
    BackgroundCallback answered = (client, event) -> {
      try {
        if (event.getResultCode() != KeeperException.Code.OK.intValue()) {
          failure.compareAndSet(null, KeeperException.create(KeeperException.Code.get(event.getResultCode()),
              event.getPath()));
        } else {
          results.put(event.getPath(), (T) (children ? event.getChildren() : event.getData()));
        }
      } finally {
        window.release();
      }
    };
    for (String path : paths) {
      if (failure.get() != null) {
        break;
      }
      window.acquire();
      try {
        if (children) {
          zk.getChildren().inBackground(answered).forPath(path);
        } else {
          zk.getData().inBackground(answered).forPath(path);
        }
      } catch (Exception e) {
        window.release();
        throw e;
      }
    }
    // Curator answers every request, with an error once its retries are spent; the bound is a last resort
    if (!window.tryAcquire(WINDOW, ALL_ANSWERED_MINUTES, TimeUnit.MINUTES)) {
      throw new IllegalStateException("ZooKeeper did not answer " + (WINDOW - window.availablePermits())
          + " read(s) within " + ALL_ANSWERED_MINUTES + " minutes");
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return results;
  }
}
