package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import io.weft.rm.app.AttemptReport;
import io.weft.rm.app.ContainerUsage;
import io.weft.rm.container.ContainerView;
import io.weft.rm.node.NodeReport;
import io.weft.rm.queue.Partitions;
import io.weft.rm.queue.QueueSpec;
import io.weft.rm.queue.QueueUsage;
import io.weft.rm.scheduler.Reservation;
import java.util.List;
import java.util.Map;

/**
 * What the RM core looked like at the end of one batch of commands: immutable, so any thread reads
 * it without locks and all of it is from the same instant (no batch half-applied). The maps are
 * {@link PersistentMap}s shared with the snapshots before and after, so publishing one costs what
 * the batch changed, not what the RM holds.
 *
 * @param batch how many batches the core had run when it was published (a reader can tell two apart)
 * @param apps every application the RM remembers, in id (submission) order
 * @param nodes every node the RM remembers, by its number ({@link NodeNumbers}), not in id order
 * @param containers every container record the RM keeps
 * @param queueUsage what the leaf queues hold and want, with the reservations of the last pass
 * @param forgotten how many applications no longer remembered ended in each final state
 */
record CoreSnapshot(long batch, PersistentMap<ApplicationId, App> apps, PersistentLongMap<NodeReport> nodes,
    SnapshotContainers containers, QueueSpec queueRoot, QueueUsage queueUsage,
    Resource schedulableCapacity, Resource available, List<Reservation> reservations, Map<AppState, Integer> forgotten,
    Partitions partitions) {
  CoreSnapshot {
    requireNonNull(apps);
    requireNonNull(nodes);
    requireNonNull(containers);
    requireNonNull(queueRoot);
    requireNonNull(queueUsage);
    requireNonNull(schedulableCapacity);
    requireNonNull(available);
    reservations = List.copyOf(reservations);
    forgotten = Map.copyOf(forgotten);
    requireNonNull(partitions);
  }

  /**
   * One application as readers see it.
   *
   * @param pendingContainers containers its current attempt still asks for
   * @param amHolds what its live AM container holds
   * @param usage what its containers have held over time
   */
  record App(AppReport report, List<AttemptReport> attempts, int pendingContainers, Resource amHolds,
      ContainerUsage usage) {
    App {
      requireNonNull(report);
      attempts = List.copyOf(attempts);
      requireNonNull(amHolds);
      requireNonNull(usage);
    }
  }

  /** One container as readers see it. */
  record Container(ContainerView view, boolean amContainer) {
    Container {
      requireNonNull(view);
    }
  }
}
