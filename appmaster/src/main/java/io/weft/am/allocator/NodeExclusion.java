package io.weft.am.allocator;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The nodes this application keeps its executors off, sent to the RM as YARN's blacklist. A node
 * where a container could not be launched (StartContainers failed, or the container never ran a
 * process) is excluded at once, always: a dead or broken node otherwise keeps getting containers,
 * as it looks the emptiest. With {@code onExecutorFailure} (Spark's spark.excludeOnFailure.enabled)
 * a node where {@code maxFailedExecutorsPerNode} executors failed is excluded too. An exclusion
 * ends after {@code timeout}. At most {@code maxNodeRatio} of the cluster's nodes (and never all
 * of them) are excluded at once: beyond that the oldest exclusions are not sent. Thread-safe.
 */
public final class NodeExclusion {
  private static final Logger LOG = LogManager.getLogger();

  /**
   * @param onExecutorFailure exclude nodes where executors fail, not only where launches fail
   * @param maxFailedExecutorsPerNode executor failures on one node that exclude it
   * @param timeout how long a node stays excluded
   * @param maxNodeRatio the largest share of the cluster's nodes excluded at once
   */
  public record Settings(boolean onExecutorFailure, int maxFailedExecutorsPerNode, Duration timeout,
      double maxNodeRatio) {
    public Settings {
      requireNonNull(timeout, "timeout");
      if (maxFailedExecutorsPerNode < 1) {
        throw new IllegalArgumentException("maxFailedExecutorsPerNode must be at least 1, got "
            + maxFailedExecutorsPerNode);
      }
      if (maxNodeRatio < 0 || maxNodeRatio > 1) {
        throw new IllegalArgumentException("maxNodeRatio must be between 0 and 1, got " + maxNodeRatio);
      }
    }

    /** Spark's defaults: launch failures only, 2 failed executors per node, one hour, 80% of the nodes. */
    public static final Settings DEFAULTS = new Settings(false, 2, Duration.ofHours(1), 0.8);
  }

  /** What to tell the RM in the next Allocate. */
  public record Change(List<String> additions, List<String> removals) {
    public Change {
      additions = List.copyOf(additions);
      removals = List.copyOf(removals);
    }

    public boolean isEmpty() {
      return additions.isEmpty() && removals.isEmpty();
    }
  }

  /** A node excluded until {@code until}, and why. */
  public record Excluded(NodeId node, Instant until, String reason) {}

  private final Settings settings;
  private final Clock clock;
  private final Map<NodeId, Integer> failedExecutors = new HashMap<>();
  /** In the order excluded. */
  private final Map<NodeId, Excluded> excluded = new LinkedHashMap<>();
  /** What the RM has been told. */
  private final Set<NodeId> sent = new LinkedHashSet<>();

  public NodeExclusion(Settings settings, Clock clock) {
    this.settings = requireNonNull(settings);
    this.clock = requireNonNull(clock);
  }

  /** A container could not be launched on {@code node}: it is excluded at once. */
  public synchronized void launchFailed(NodeId node, String reason) {
    exclude(node, "a container could not be launched there: " + reason);
  }

  /** An executor on {@code node} failed (in a way that counts, see {@link ExecutorFailures#counts}). */
  public synchronized void executorFailed(NodeId node, String reason) {
    if (!settings.onExecutorFailure()) {
      return;
    }
    int failed = failedExecutors.merge(node, 1, Integer::sum);
    if (failed >= settings.maxFailedExecutorsPerNode()) {
      exclude(node, failed + " executors failed there (weft.excludeOnFailure.application.maxFailedExecutorsPerNode "
          + settings.maxFailedExecutorsPerNode() + "); last: " + reason);
    }
  }

  private void exclude(NodeId node, String reason) {
    Instant until = clock.instant().plus(settings.timeout());
    Excluded previous = excluded.remove(node);
    excluded.put(node, new Excluded(node, until, reason));
    failedExecutors.remove(node);
    if (previous == null) {
      LOG.warn("excluding node {} for this application until {}: {}", node, until, reason);
    }
  }

  /**
   * The blacklist changes to send now, for a cluster of {@code clusterNodes} nodes: expired
   * exclusions removed, and the newest exclusions within the cap added.
   */
  public synchronized Change next(int clusterNodes) {
    Instant now = clock.instant();
    excluded.values().removeIf(e -> {
      boolean expired = !now.isBefore(e.until());
      if (expired) {
        LOG.info("node {} is no longer excluded: its exclusion timed out", e.node());
      }
      return expired;
    });
    int cap = Math.max(0, Math.min((int) Math.floor(settings.maxNodeRatio() * clusterNodes), clusterNodes - 1));
    List<NodeId> all = new ArrayList<>(excluded.keySet());
    Set<NodeId> wanted = new LinkedHashSet<>(all.subList(Math.max(0, all.size() - cap), all.size()));
    if (wanted.size() < all.size()) {
      LOG.warn("{} node(s) are excluded but only {} of the cluster's {} may be: the oldest are not sent", all.size(),
          cap, clusterNodes);
    }
    List<String> additions = wanted.stream().filter(n -> !sent.contains(n)).map(NodeId::toString).toList();
    List<String> removals = sent.stream().filter(n -> !wanted.contains(n)).map(NodeId::toString).toList();
    sent.clear();
    sent.addAll(wanted);
    return new Change(additions, removals);
  }

  /** The RM forgot the blacklist (it restarted, or the call carrying the change was not applied): send it all again. */
  public synchronized void resend() {
    sent.clear();
  }

  /** The nodes excluded now, oldest exclusion first. */
  public synchronized List<Excluded> excluded() {
    return List.copyOf(excluded.values());
  }
}
