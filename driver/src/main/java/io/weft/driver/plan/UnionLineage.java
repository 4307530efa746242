package io.weft.driver.plan;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The partitions of several parents side by side. */
public final class UnionLineage<T> extends Lineage<T> {
  private static final long serialVersionUID = 1L;

  private final List<Lineage<T>> parents;

  public UnionLineage(int id, List<Lineage<T>> parents) {
    super(id);
    this.parents = List.copyOf(parents);
  }

  @Override
  public List<Partition> partitions() {
    List<Partition> all = new ArrayList<>();
    for (int p = 0; p < parents.size(); p++) {
      for (Partition inner : parents.get(p).partitions()) {
        all.add(new UnionPartition(all.size(), p, inner));
      }
    }
    return all;
  }

  @Override
  public List<Dependency> dependencies() {
    return parents.stream().<Dependency>map(Dependency.Union::new).toList();
  }

  @Override
  public Iterator<T> compute(Partition partition, TaskContext context) {
    UnionPartition union = (UnionPartition) partition;
    return parents.get(union.parent()).compute(union.inner(), context);
  }

  /** Partition {@code index} of the union is partition {@code inner} of parent number {@code parent}. */
  record UnionPartition(int index, int parent, Partition inner) implements Partition {}
}
