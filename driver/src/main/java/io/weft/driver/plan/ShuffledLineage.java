package io.weft.driver.plan;

import io.weft.driver.Pair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The reduce side of a shuffle: partition i fetches slice i of every map output, then combines
 * values per key (when the dependency has an aggregator) and sorts by key (when {@code sort} is
 * not {@link Sort#NONE}).
 */
public final class ShuffledLineage<K, C> extends Lineage<Pair<K, C>> {
  private static final long serialVersionUID = 1L;

  /** Order of the keys within each reduce partition. */
  public enum Sort { NONE, ASCENDING, DESCENDING }

  private final Dependency.Shuffle dependency;
  private final Sort sort;

  public ShuffledLineage(int id, Dependency.Shuffle dependency, Sort sort) {
    super(id);
    this.dependency = dependency;
    this.sort = sort;
  }

  @Override
  public List<Partition> partitions() {
    return IntStream.range(0, dependency.partitioner().numPartitions())
        .<Partition>mapToObj(IndexPartition::new).toList();
  }

  @Override
  public List<Dependency> dependencies() {
    return List.of(dependency);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Iterator<Pair<K, C>> compute(Partition partition, TaskContext context) {
    Iterator<Pair<Object, Object>> fetched = context.readShuffle(dependency.shuffleId(), partition.index());
    Aggregator<Object, Object, Object> aggregator = (Aggregator<Object, Object, Object>) dependency.aggregator();
    Iterator<Pair<K, C>> records;
    if (aggregator == null) {
      records = (Iterator) fetched;
    } else {
      Map<Object, Object> combined = new HashMap<>();
      fetched.forEachRemaining(pair -> {
        if (dependency.mapSideCombine()) {
          combined.merge(pair.key(), pair.value(), aggregator.mergeCombiners());
        } else {
          Object current = combined.get(pair.key());
          combined.put(pair.key(), current == null && !combined.containsKey(pair.key())
              ? aggregator.createCombiner().apply(pair.value())
              : aggregator.mergeValue().apply(current, pair.value()));
        }
      });
      List<Pair<K, C>> out = new ArrayList<>(combined.size());
      combined.forEach((k, v) -> out.add(new Pair<>((K) k, (C) v)));
      records = out.iterator();
    }
    if (sort == Sort.NONE) {
      return records;
    }
    List<Pair<K, C>> sorted = new ArrayList<>();
    records.forEachRemaining(sorted::add);
    Comparator<Pair<K, C>> byKey = (a, b) -> ((Comparable) a.key()).compareTo(b.key());
    sorted.sort(sort == Sort.ASCENDING ? byKey : byKey.reversed());
    return sorted.iterator();
  }
}
