package io.weft.driver.plan;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A parent whose partitions an executor keeps in memory once computed, so later jobs read them
 * instead of recomputing. A partition whose executor is lost is simply computed again.
 */
public final class CachedLineage<T> extends Lineage<T> {
  private static final long serialVersionUID = 1L;

  private final Lineage<T> parent;

  public CachedLineage(int id, Lineage<T> parent) {
    super(id);
    this.parent = parent;
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
  public Iterator<T> compute(Partition partition, TaskContext context) {
    List<T> values = context.cachedPartition(id(), partition.index(), () -> {
      ArrayList<T> all = new ArrayList<>();
      parent.compute(partition, context).forEachRemaining(all::add);
      return all;
    });
    return values.iterator();
  }
}
