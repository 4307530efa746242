package io.weft.driver;

import static java.util.Objects.requireNonNull;

import io.weft.driver.function.SerializableBinaryOperator;
import io.weft.driver.function.SerializableFunction;
import io.weft.driver.function.SerializablePredicate;
import io.weft.driver.plan.Aggregator;
import io.weft.driver.plan.CoGroupedLineage;
import io.weft.driver.plan.Dependency;
import io.weft.driver.plan.Lineage;
import io.weft.driver.plan.Partitioner;
import io.weft.driver.plan.ShuffledLineage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset of {@link Pair}s with the keyed operations, each a shuffle: {@link #reduceByKey},
 * {@link #groupByKey}, {@link #join}, {@link #sortByKey}. Keys are partitioned by their hash code
 * (so it must be the same in every JVM, as for String, Integer, records of those) or, for
 * {@code sortByKey}, by ranges of their natural order.
 */
public final class PairDataset<K, V> {
  private final Dataset<Pair<K, V>> pairs;

  PairDataset(Dataset<Pair<K, V>> pairs) {
    this.pairs = requireNonNull(pairs);
  }

  /** The same pairs as a plain dataset. */
  public Dataset<Pair<K, V>> toDataset() {
    return pairs;
  }

  public int numPartitions() {
    return pairs.numPartitions();
  }

  public Dataset<K> keys() {
    return pairs.map(Pair::key);
  }

  public Dataset<V> values() {
    return pairs.map(Pair::value);
  }

  public <W> PairDataset<K, W> mapValues(SerializableFunction<V, W> f) {
    requireNonNull(f, "function");
    return new PairDataset<>(pairs.map(p -> new Pair<>(p.key(), f.apply(p.value()))));
  }

  public PairDataset<K, V> filter(SerializablePredicate<Pair<K, V>> p) {
    return new PairDataset<>(pairs.filter(p));
  }

  public PairDataset<K, V> cache() {
    return new PairDataset<>(pairs.cache());
  }

  public PairDataset<K, V> union(PairDataset<K, V> other) {
    return new PairDataset<>(pairs.union(other.pairs));
  }

  /** Combines the values of each key with {@code op}, first within each map partition, then across. */
  public PairDataset<K, V> reduceByKey(SerializableBinaryOperator<V> op, int numPartitions) {
    requireNonNull(op, "operator");
    Aggregator<V, V, K> aggregator = new Aggregator<>(v -> v, op::apply, op);
    return shuffled(new Partitioner.Hash(numPartitions), aggregator, true, ShuffledLineage.Sort.NONE);
  }

  public PairDataset<K, V> reduceByKey(SerializableBinaryOperator<V> op) {
    return reduceByKey(op, numPartitions());
  }

  /** All values of each key in one list (no combining before the shuffle: every value travels). */
  public PairDataset<K, List<V>> groupByKey(int numPartitions) {
    Aggregator<V, ArrayList<V>, K> aggregator = new Aggregator<>(v -> {
      ArrayList<V> list = new ArrayList<>();
      list.add(v);
      return list;
    }, (list, v) -> {
      list.add(v);
      return list;
    }, (a, b) -> {
      a.addAll(b);
      return a;
    });
    PairDataset<K, ArrayList<V>> grouped = shuffled(new Partitioner.Hash(numPartitions), aggregator, false,
        ShuffledLineage.Sort.NONE);
    return grouped.mapValues(list -> (List<V>) list);
  }

  public PairDataset<K, List<V>> groupByKey() {
    return groupByKey(numPartitions());
  }

  /** Pairs of values with equal keys (an inner join): both sides are shuffled by key. */
  public <W> PairDataset<K, Pair<V, W>> join(PairDataset<K, W> other, int numPartitions) {
    requireNonNull(other, "other");
    WeftContext context = pairs.context();
    Partitioner partitioner = new Partitioner.Hash(numPartitions);
    Dependency.Shuffle left = new Dependency.Shuffle(pairs.lineage(), context.newShuffleId(), partitioner, null, false);
    Dependency.Shuffle right = new Dependency.Shuffle(other.pairs.lineage(), context.newShuffleId(), partitioner,
        null, false);
    Dataset<Pair<K, Pair<List<V>, List<W>>>> cogrouped = new Dataset<>(context,
        new CoGroupedLineage<K, V, W>(context.newLineageId(), left, right));
    return new PairDataset<>(cogrouped.flatMap(group -> {
      List<Pair<K, Pair<V, W>>> joined = new ArrayList<>();
      for (V v : group.value().key()) {
        for (W w : group.value().value()) {
          joined.add(new Pair<>(group.key(), new Pair<>(v, w)));
        }
      }
      return joined;
    }));
  }

  public <W> PairDataset<K, Pair<V, W>> join(PairDataset<K, W> other) {
    return join(other, Math.max(numPartitions(), other.numPartitions()));
  }

  /**
   * Sorted by key (keys must be {@link Comparable}): partition i holds smaller keys than partition
   * i+1 (larger when descending), found by sampling the keys first (a small job).
   */
  public PairDataset<K, V> sortByKey(boolean ascending, int numPartitions) {
    if (numPartitions < 1) {
      throw new IllegalArgumentException("sortByKey needs at least 1 partition, got " + numPartitions);
    }
    List<Object> bounds = RangeBounds.sample(pairs, numPartitions);
    return shuffled(new Partitioner.Range(bounds, ascending), null, false,
        ascending ? ShuffledLineage.Sort.ASCENDING : ShuffledLineage.Sort.DESCENDING);
  }

  public PairDataset<K, V> sortByKey() {
    return sortByKey(true, numPartitions());
  }

  public List<Pair<K, V>> collect() {
    return pairs.collect();
  }

  /** The pairs as a map (the last value wins for a repeated key), in the driver's memory. */
  public Map<K, V> collectAsMap() {
    Map<K, V> map = new LinkedHashMap<>();
    collect().forEach(p -> map.put(p.key(), p.value()));
    return map;
  }

  public long count() {
    return pairs.count();
  }

  /** Writes {@code key<TAB>value} lines as {@code part-NNNNN} files in {@code dir}. */
  public void saveAsTextFile(String dir) {
    pairs.saveAsTextFile(dir);
  }

  private <C> PairDataset<K, C> shuffled(Partitioner partitioner, Aggregator<V, ? extends C, K> aggregator,
      boolean mapSideCombine, ShuffledLineage.Sort sort) {
    WeftContext context = pairs.context();
    Dependency.Shuffle dependency = new Dependency.Shuffle(pairs.lineage(), context.newShuffleId(), partitioner,
        aggregator, mapSideCombine);
    Lineage<Pair<K, C>> shuffled = new ShuffledLineage<>(context.newLineageId(), dependency, sort);
    return new PairDataset<>(new Dataset<>(context, shuffled));
  }
}
