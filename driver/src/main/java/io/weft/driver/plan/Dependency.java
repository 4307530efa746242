package io.weft.driver.plan;

import io.weft.driver.Pair;
import java.io.Serializable;

/**
 * How a lineage node depends on a parent. Narrow: each partition needs one parent partition, so
 * both run in one task. Shuffle: a partition needs a slice of every parent partition, so the
 * planner cuts the lineage there into a map stage (writes the parent's records, partitioned) and
 * the stages after it (which fetch the slices).
 */
public sealed interface Dependency extends Serializable permits Dependency.OneToOne, Dependency.Union,
    Dependency.Shuffle {
  Lineage<?> parent();

  /** Partition i of the child is computed from partition i of the parent. */
  record OneToOne(Lineage<?> parent) implements Dependency {}

  /** The child's partitions are the partitions of several parents, side by side. */
  record Union(Lineage<?> parent) implements Dependency {}

  /**
   * The parent's pairs are redistributed by {@code partitioner}; {@code aggregator} (may be null)
   * combines values per key, already on the map side when {@code mapSideCombine}.
   */
  record Shuffle(Lineage<? extends Pair<?, ?>> parent, int shuffleId, Partitioner partitioner,
      Aggregator<?, ?, ?> aggregator, boolean mapSideCombine) implements Dependency {}
}
