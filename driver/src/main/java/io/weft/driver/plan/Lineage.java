package io.weft.driver.plan;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * A node of a dataset's lineage: how to compute each of its partitions from its parents. Lineage
 * objects are serialized into tasks; state needed only on the driver (such as the source data of a
 * parallelized collection) is transient and travels inside the {@link Partition} instead.
 */
public abstract class Lineage<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int id;

  protected Lineage(int id) {
    this.id = id;
  }

  /** Unique within one context. */
  public final int id() {
    return id;
  }

  /** The partitions; called on the driver only. */
  public abstract List<Partition> partitions();

  public final int numPartitions() {
    return partitions().size();
  }

  /** The parents this node reads. */
  public abstract List<Dependency> dependencies();

  /** Computes one partition; runs on an executor. */
  public abstract Iterator<T> compute(Partition partition, TaskContext context);
}
