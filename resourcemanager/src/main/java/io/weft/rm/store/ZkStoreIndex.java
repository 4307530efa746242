package io.weft.rm.store;

import io.weft.common.id.ApplicationId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;

/**
 * Which of {@link ZkStateStore}'s znodes exist, so a write knows whether to create or replace a node and
 * which attempts to delete with an application (ZooKeeper deletes only childless nodes, and a transaction
 * cannot list). Confined to the store's writer thread; read from ZooKeeper again after a failed transaction.
 */
final class ZkStoreIndex {
  private final Map<ApplicationId, Set<Integer>> attempts = new HashMap<>();
  private boolean identity;
  private int lastSequence;

  static ZkStoreIndex of(RecoveredState state) {
    ZkStoreIndex index = new ZkStoreIndex();
    state.applications().forEach(a -> index.attempts.put(a.submission().id(), new TreeSet<>()));
    state.attempts().forEach((app, list) -> list.forEach(a ->
        index.attempts.computeIfAbsent(app, id -> new TreeSet<>()).add(a.id().attempt())));
    index.identity = state.identity().isPresent();
    index.lastSequence = state.lastSequence();
    return index;
  }

  /** Lists the store's nodes (names only, no records). */
  static ZkStoreIndex read(CuratorFramework zk, ZkStoreLayout layout) throws Exception {
    ZkStoreIndex index = new ZkStoreIndex();
    List<String> apps = zk.getChildren().forPath(layout.apps());
    Map<String, List<String>> children = new ZkBulkReader(zk).children(
        apps.stream().map(app -> layout.apps() + "/" + app).toList());
    for (String app : apps) {
      Set<Integer> numbers = new TreeSet<>();
      children.get(layout.apps() + "/" + app).forEach(attempt -> numbers.add(Integer.parseInt(attempt)));
      index.attempts.put(ApplicationId.parse(app), numbers);
    }
    index.identity = zk.checkExists().forPath(layout.identity()) != null;
    index.lastSequence = Integer.parseInt(StoreLayout.text(zk.getData().forPath(layout.lastSequence())));
    return index;
  }

  boolean hasIdentity() {
    return identity;
  }

  void identityCreated() {
    identity = true;
  }

  boolean hasApplication(ApplicationId id) {
    return attempts.containsKey(id);
  }

  void applicationCreated(ApplicationId id) {
    attempts.put(id, new TreeSet<>());
  }

  /** The attempts of a stored application; empty if it is not stored. */
  Set<Integer> attemptsOf(ApplicationId id) {
    return attempts.getOrDefault(id, Set.of());
  }

  /** Forgets an application and its attempts; returns whether it was stored. */
  boolean applicationRemoved(ApplicationId id) {
    return attempts.remove(id) != null;
  }

  int lastSequence() {
    return lastSequence;
  }

  void sequenceRaisedTo(int sequence) {
    lastSequence = sequence;
  }
}
