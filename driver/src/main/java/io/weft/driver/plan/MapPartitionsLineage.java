package io.weft.driver.plan;

import io.weft.driver.function.SerializableBiFunction;
import io.weft.driver.function.SerializableFunction;
import java.util.Iterator;
import java.util.List;

/**
 * A narrow transformation of each parent partition (map, filter, flatMap, mapPartitions); the
 * function gets the partition's index and its elements.
 */
public final class MapPartitionsLineage<T, R> extends Lineage<R> {
  private static final long serialVersionUID = 1L;

  private final Lineage<T> parent;
  private final SerializableBiFunction<Integer, Iterator<T>, Iterator<R>> function;

  public MapPartitionsLineage(int id, Lineage<T> parent, SerializableFunction<Iterator<T>, Iterator<R>> function) {
    this(id, parent, (SerializableBiFunction<Integer, Iterator<T>, Iterator<R>>) (index, it) -> function.apply(it));
  }

  public MapPartitionsLineage(int id, Lineage<T> parent,
      SerializableBiFunction<Integer, Iterator<T>, Iterator<R>> function) {
    super(id);
    this.parent = parent;
    this.function = function;
  }

  @Override
  public List<Partition> partitions() {
    return parent.partitions();
  }

  @Override
  public List<Dependency> dependencies() {
    return List.of(new Dependency.OneToOne(parent));
  }

  @Override
  public Iterator<R> compute(Partition partition, TaskContext context) {
    return function.apply(partition.index(), parent.compute(partition, context));
  }
}
