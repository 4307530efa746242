package io.weft.rm.scheduler;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Placement as an ordered chain of plugins: the filters run in order on each candidate node (the
 * first rejection is the node's reason), the scorers weigh the nodes that pass, and the node with the
 * best weighted total wins, the lower node id among equals. Same inputs, same node: there is no
 * randomness. Immutable; {@link #standard} is the RM's chain, and {@link #withFilter} /
 * {@link #withScorer} make a chain with a plugin added (see docs/scheduler.md, "How to add a plugin").
 */
public final class PlacementChain {
  /** A scorer and how much it counts against the others. */
  public record Weighted(PlacementScorer scorer, int weight) {
    public Weighted {
      requireNonNull(scorer);
      if (weight <= 0) {
        throw new IllegalArgumentException("scorer weight must be positive, got " + weight);
      }
    }
  }

  private final List<PlacementFilter> filters;
  private final List<Weighted> scorers;

  public PlacementChain(List<PlacementFilter> filters, List<Weighted> scorers) {
    this.filters = List.copyOf(filters);
    this.scorers = List.copyOf(scorers);
  }

  /**
   * The RM's chain: node label (partition), node state (reservations), exclusion, fits resources, locality,
   * anti-affinity (the first three first, so a waiting reason counts a node of another partition, an excluded or
   * a reserved node as such);
   * scored by the locality preference (weight 2, so it outranks free memory) and by {@code policy}'s
   * scorer (spread or pack, weight 1).
   */
  public static PlacementChain standard(PlacementPolicy policy) {
    PlacementScorer byPolicy = policy == PlacementPolicy.SPREAD ? new SpreadScorer() : new PackScorer();
    return new PlacementChain(
        List.of(new NodeLabelFilter(), new NodeStateFilter(), new ExclusionFilter(), new ResourceFitFilter(),
            new LocalityFilter(), new AntiAffinityFilter()),
        List.of(new Weighted(new LocalityPreferenceScorer(), 2), new Weighted(byPolicy, 1)));
  }

  /** This chain with {@code filter} run after the others. */
  public PlacementChain withFilter(PlacementFilter filter) {
    List<PlacementFilter> more = new ArrayList<>(filters);
    more.add(requireNonNull(filter));
    return new PlacementChain(more, scorers);
  }

  /** This chain with {@code scorer} added at {@code weight}. */
  public PlacementChain withScorer(PlacementScorer scorer, int weight) {
    List<Weighted> more = new ArrayList<>(scorers);
    more.add(new Weighted(scorer, weight));
    return new PlacementChain(filters, more);
  }

  public List<PlacementFilter> filters() {
    return filters;
  }

  public List<Weighted> scorers() {
    return scorers;
  }

  /** The first filter's reason to refuse {@code node}, or null when every filter passes it. */
  public String rejection(NodeView node, PlacementContext context) {
    for (PlacementFilter filter : filters) {
      String reason = filter.rejection(node, context);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  /** As {@link #rejection}, leaving out the {@link ResourceFitFilter} (for nodes to reserve). */
  String rejectionBesidesResources(NodeView node, PlacementContext context) {
    for (PlacementFilter filter : filters) {
      String reason = filter instanceof ResourceFitFilter ? null : filter.rejection(node, context);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  /** The weighted total of the scorers that apply to {@code context}. */
  public double score(NodeView node, PlacementContext context) {
    double total = 0;
    for (Weighted w : scorers) {
      if (w.scorer().appliesTo(context)) {
        total += w.weight() * w.scorer().score(node, context);
      }
    }
    return total;
  }

  /**
   * The best node among {@code candidates} that passes every filter, or null. With {@code firstWins}
   * (the candidates come best first for the one scorer that applies, see {@link #onlyScorerOrder}),
   * the first node that passes wins and the rest are not looked at.
   */
  NodeView choose(Iterator<NodeView> candidates, boolean firstWins, PlacementContext context) {
    NodeView best = null;
    double bestScore = 0;
    while (candidates.hasNext()) {
      NodeView node = candidates.next();
      if (rejection(node, context) != null) {
        continue;
      }
      if (firstWins) {
        return node;
      }
      double score = score(node, context);
      if (best == null || score > bestScore || (score == bestScore && node.nodeId().compareTo(best.nodeId()) < 0)) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  /** The best node among {@code candidates} (in any order) that passes every filter, or null. */
  public NodeView choose(Collection<NodeView> candidates, PlacementContext context) {
    return choose(candidates.iterator(), false, context);
  }

  /** The index order of the one scorer that applies to {@code context}, or NONE when more or fewer apply. */
  PlacementScorer.IndexOrder onlyScorerOrder(PlacementContext context) {
    PlacementScorer only = null;
    for (Weighted w : scorers) {
      if (w.scorer().appliesTo(context)) {
        if (only != null) {
          return PlacementScorer.IndexOrder.NONE;
        }
        only = w.scorer();
      }
    }
    return only == null ? PlacementScorer.IndexOrder.NONE : only.indexOrder();
  }

  /**
   * How many of {@code nodes} each filter refused, most frequent reason first (then by name), for
   * waiting reasons; nodes that pass are not counted.
   */
  public List<Map.Entry<String, Integer>> rejections(Collection<NodeView> nodes, PlacementContext context) {
    Map<String, Integer> counts = new HashMap<>();
    for (NodeView node : nodes) {
      String reason = rejection(node, context);
      if (reason != null) {
        counts.merge(reason, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    return sorted;
  }
}
