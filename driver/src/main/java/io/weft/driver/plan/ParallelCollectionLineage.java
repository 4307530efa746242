package io.weft.driver.plan;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A driver-side list cut into slices; each slice travels inside its own partition. */
public final class ParallelCollectionLineage<T> extends Lineage<T> {
  private static final long serialVersionUID = 1L;

  private final transient List<Partition> partitions;

  public ParallelCollectionLineage(int id, List<T> data, int numSlices) {
    super(id);
    if (numSlices < 1) {
      throw new IllegalArgumentException("number of slices must be positive, got " + numSlices);
    }
    List<Partition> slices = new ArrayList<>(numSlices);
    int size = data.size();
    for (int i = 0; i < numSlices; i++) {
      int start = (int) ((long) i * size / numSlices);
      int end = (int) ((long) (i + 1) * size / numSlices);
      slices.add(new SlicePartition<>(i, new ArrayList<>(data.subList(start, end))));
    }
    this.partitions = List.copyOf(slices);
  }

  @Override
  public List<Partition> partitions() {
    if (partitions == null) {
      throw new IllegalStateException("partitions of parallelized collection " + id() + " exist only on the driver");
    }
    return partitions;
  }

  @Override
  public List<Dependency> dependencies() {
    return List.of();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Iterator<T> compute(Partition partition, TaskContext context) {
    return context.counters().reading(((SlicePartition<T>) partition).values().iterator());
  }

  /** One slice of the data (an ArrayList, so it is serializable). */
  record SlicePartition<T>(int index, ArrayList<T> values) implements Partition {}
}
