package io.weft.rm.queue;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which node labels (partitions) a queue may use and its share of each, YARN's
 * {@code accessible-node-labels}, {@code accessible-node-labels.<label>.capacity} / {@code .maximum-capacity}
 * and {@code default-node-label-expression}. Percentages are of the parent's share of the partition; absolute
 * values are fractions of the partition's nodes (0–1).
 *
 * @param accessible the labels it may use, or {@code *} for every label
 * @param capacities the share of each label it names, including the labels with the default share (0, maximum 100)
 * @param defaultExpression the label its asks without one get ("" = the default partition)
 */
public record NodeLabelAccess(Set<String> accessible, Map<String, LabelCapacity> capacities, String defaultExpression) {
  public static final String ANY = "*";
  /** A queue that may use no label. */
  public static final NodeLabelAccess NONE = new NodeLabelAccess(Set.of(), Map.of(), "");
  /** YARN's root: every label, all of each. */
  public static final NodeLabelAccess ROOT = new NodeLabelAccess(Set.of(ANY), Map.of(), "");

  /** A queue's share of one partition. */
  public record LabelCapacity(double capacity, double maximumCapacity, double absoluteCapacity,
      double absoluteMaximumCapacity) {
    /** A label reached through {@code *} without a share of its own: nothing guaranteed, all of it at most. */
    static final LabelCapacity UNSET = new LabelCapacity(0, 100, 0, 1);
    static final LabelCapacity ALL = new LabelCapacity(100, 100, 1, 1);
  }

  public NodeLabelAccess {
    accessible = Set.copyOf(accessible);
    capacities = Map.copyOf(capacities);
    requireNonNull(defaultExpression);
  }

  public boolean mayUse(String label) {
    return accessible.contains(ANY) || accessible.contains(label);
  }

  /** Its share of {@code label} (which it may use). */
  public LabelCapacity capacity(String label) {
    if (this == ROOT) {
      return LabelCapacity.ALL;
    }
    return capacities.getOrDefault(label, LabelCapacity.UNSET);
  }

  /** The accessible labels as YARN's configuration writes them (sorted, comma separated; "" for none). */
  public String describe() {
    return String.join(",", new TreeSet<>(accessible));
  }
}
