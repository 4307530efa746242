package io.weft.driver.plan;

import io.weft.driver.function.SerializableFunction;
import java.io.Serializable;
import java.util.Iterator;

/** Computes one partition of a lineage and applies the action's per-partition function to it. */
public record ResultTask<T, U extends Serializable>(Lineage<T> lineage, Partition split,
    SerializableFunction<Iterator<T>, U> function) implements Task<U> {

  @Override
  public int partition() {
    return split.index();
  }

  @Override
  public U run(TaskContext context) {
    return function.apply(lineage.compute(split, context));
  }
}
