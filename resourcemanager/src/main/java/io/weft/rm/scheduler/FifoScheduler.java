package io.weft.rm.scheduler;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * First in, first out over one queue: attempts are served in submission order, each ask by
 * priority (lower number first, the AM container before all). A pure function: it works on its
 * own copy of the nodes' free resources and returns a plan; it never mutates cluster state. An
 * ask that cannot be placed does not block later applications (no reservations yet).
 */
public final class FifoScheduler {
  private final List<NodeFilter> filters;
  private final NodeScorer scorer;

  public FifoScheduler(List<NodeFilter> filters, NodeScorer scorer) {
    this.filters = List.copyOf(filters);
    this.scorer = requireNonNull(scorer);
  }

  /** The default chain: fits-in-free-resources, then most free memory. */
  public static FifoScheduler spreading() {
    return new FifoScheduler(List.of(new ResourceFitFilter()), new MostFreeMemoryScorer());
  }

  public SchedulingPlan schedule(List<NodeView> nodes, List<AppDemand> demand) {
    Map<NodeId, NodeView> free = new TreeMap<>();
    nodes.forEach(n -> free.put(n.nodeId(), n));
    List<Placement> placements = new ArrayList<>();
    Map<ApplicationAttemptId, String> waiting = new LinkedHashMap<>();
    for (AppDemand app : demand) {
      List<PendingAsk> asks = new ArrayList<>(app.asks());
      asks.sort(Comparator.comparing((PendingAsk a) -> !a.amContainer()).thenComparingInt(a -> a.key().priority()));
      for (PendingAsk ask : asks) {
        Resource capability = ask.key().capability();
        for (int i = 0; i < ask.count(); i++) {
          Optional<NodeView> chosen = choose(free.values(), capability);
          if (chosen.isEmpty()) {
            waiting.putIfAbsent(app.attemptId(), WaitingReasons.noPlacement(capability, free.values()));
            break;
          }
          NodeView node = chosen.get();
          free.put(node.nodeId(), node.withFree(node.free().subtract(capability)));
          placements.add(new Placement(app.attemptId(), ask.key(), node.nodeId(), ask.amContainer()));
        }
      }
    }
    return new SchedulingPlan(placements, waiting);
  }

  private Optional<NodeView> choose(Iterable<NodeView> nodes, Resource ask) {
    NodeView best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (NodeView node : nodes) {
      if (!passes(node, ask)) {
        continue;
      }
      double score = scorer.score(node, ask);
      // nodes arrive sorted by id, so a strict comparison keeps the lowest id on ties
      if (score > bestScore) {
        best = node;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  private boolean passes(NodeView node, Resource ask) {
    for (NodeFilter filter : filters) {
      if (!filter.test(node, ask).passes()) {
        return false;
      }
    }
    return true;
  }
}
