package io.weft.rm.ha;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;

/**
 * Which RM the election names leader, kept current from a cache of the election's latch nodes, so
 * that standby answers (every call, every page) never wait on ZooKeeper. The leader is the latch node
 * with the lowest sequence number, as Curator's LeaderLatch decides; its data is the RM's id.
 */
final class ElectedLeader implements AutoCloseable {
  /** The part of LeaderLatch's node names before the sequence number. */
  private static final String LATCH_NODE = "latch-";

  private final String election;
  private final CuratorCache cache;

  ElectedLeader(CuratorFramework zk, String election) {
    this.election = requireNonNull(election);
    this.cache = CuratorCache.build(zk, election);
  }

  void start() {
    cache.start();
  }

  /** The leader's id as last seen; empty when no RM is in the election (or nothing was seen yet). */
  Optional<String> id() {
    return cache.stream()
        .filter(c -> c.getPath().startsWith(election + "/") && c.getPath().contains(LATCH_NODE))
        .min(Comparator.comparing(ElectedLeader::sequence))
        .map(c -> c.getData() == null ? "" : new String(c.getData(), StandardCharsets.UTF_8))
        .filter(id -> !id.isEmpty());
  }

  private static String sequence(ChildData node) {
    String path = node.getPath();
    return path.substring(path.lastIndexOf(LATCH_NODE) + LATCH_NODE.length());
  }

  @Override
  public void close() {
    cache.close();
  }
}
