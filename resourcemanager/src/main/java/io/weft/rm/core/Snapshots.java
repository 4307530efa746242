package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.rm.app.RmApp;
import io.weft.rm.app.RmAttempt;
import io.weft.rm.node.RmNode;
import io.weft.rm.scheduler.PendingAsk;

/**
 * Publishes the core's state for readers. The core loop calls {@link #publish} at the end of each
 * batch; it rebuilds the records of what the batch changed (the applications, nodes and containers
 * whose hooks fired, see {@link ClusterState#appChanged}) into new persistent maps, through one
 * {@link PersistentMap.Editor} per map so a batch copies the top of the trees once, and swaps the
 * whole {@link CoreSnapshot} in through one volatile write. A reader takes {@link #latest} once and
 * answers from it alone, so it sees the end of one batch or of the next, never a mix: consistency
 * comes from publishing whole snapshots, not from versioning entries in shared maps.
 */
final class Snapshots {
  private final ClusterState state;
  private volatile CoreSnapshot latest;
  /** Loop only. */
  private long batches;

  Snapshots(ClusterState state) {
    this.state = requireNonNull(state);
    this.latest = new CoreSnapshot(0, PersistentMap.empty(), PersistentLongMap.empty(), SnapshotContainers.empty(),
        state.queues.root(), state.queueUsage(), state.schedulableCapacity(), state.available(), state.reservations,
        state.forgotten, state.partitions());
  }

  /** The last snapshot published; any thread. */
  CoreSnapshot latest() {
    return latest;
  }

  /** Builds and publishes the snapshot of the state now. Call on the loop, between commands. */
  void publish() {
    CoreSnapshot before = latest;
    var apps = before.apps().edit();
    for (ApplicationId id : state.drainAppsChanged()) {
      RmApp app = state.apps.get(id);
      if (app == null) {
        apps.remove(id);
      } else {
        apps.put(id, entry(app));
      }
    }
    var nodes = before.nodes().edit();
    for (int number : state.drainNodesChanged()) {
      RmNode node = state.nodeNumbered(number);
      if (node == null) {
        nodes.remove(number);
      } else {
        nodes.put(number, node.report());
      }
    }
    SnapshotContainers containers = before.containers().with(state.drainContainersChanged());
    latest = new CoreSnapshot(++batches, apps.done(), nodes.done(), containers, state.queues.root(),
        state.queueUsage(), state.schedulableCapacity(), state.available(), state.reservations, state.forgotten,
        state.partitions());
  }

  private static CoreSnapshot.App entry(RmApp app) {
    RmAttempt current = app.currentAttempt().orElse(null);
    int pending = current == null ? 0 : current.asks().pending().stream().mapToInt(PendingAsk::count).sum();
    return new CoreSnapshot.App(app.report(), app.attempts().stream().map(RmAttempt::report).toList(), pending,
        app.amHolds(), app.usage());
  }
}
