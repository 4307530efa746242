package io.weft.driver.plan;

import io.weft.driver.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Two shuffles with the same partitioner read side by side: for each key, the values from the left
 * parent and those from the right one (the basis of {@code join}).
 */
public final class CoGroupedLineage<K, V, W> extends Lineage<Pair<K, Pair<List<V>, List<W>>>> {
  private static final long serialVersionUID = 1L;

  private final Dependency.Shuffle left;
  private final Dependency.Shuffle right;

  public CoGroupedLineage(int id, Dependency.Shuffle left, Dependency.Shuffle right) {
    super(id);
    if (!left.partitioner().equals(right.partitioner())) {
      throw new IllegalArgumentException("co-grouped shuffles need the same partitioner, got "
          + left.partitioner() + " and " + right.partitioner());
    }
    this.left = left;
    this.right = right;
  }

  @Override
  public List<Partition> partitions() {
    return IntStream.range(0, left.partitioner().numPartitions()).<Partition>mapToObj(IndexPartition::new).toList();
  }

  @Override
  public List<Dependency> dependencies() {
    return List.of(left, right);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Iterator<Pair<K, Pair<List<V>, List<W>>>> compute(Partition partition, TaskContext context) {
    Map<K, Pair<List<V>, List<W>>> groups = new HashMap<>();
    context.<Pair<Object, Object>>readShuffle(left.shuffleId(), partition.index())
        .forEachRemaining(p -> group(groups, (K) p.key()).key().add((V) p.value()));
    context.<Pair<Object, Object>>readShuffle(right.shuffleId(), partition.index())
        .forEachRemaining(p -> group(groups, (K) p.key()).value().add((W) p.value()));
    List<Pair<K, Pair<List<V>, List<W>>>> out = new ArrayList<>(groups.size());
    groups.forEach((k, v) -> out.add(new Pair<>(k, v)));
    return out.iterator();
  }

  private static <K, V, W> Pair<List<V>, List<W>> group(Map<K, Pair<List<V>, List<W>>> groups, K key) {
    return groups.computeIfAbsent(key, k -> new Pair<>(new ArrayList<>(), new ArrayList<>()));
  }
}
