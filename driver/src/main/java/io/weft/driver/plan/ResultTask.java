package io.weft.driver.plan;

import io.weft.driver.function.SerializableFunction;
import io.weft.driver.storage.MapStatus;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Computes one partition of a lineage and applies the action's per-partition function to it. */
public record ResultTask<T, U extends Serializable>(Lineage<T> lineage, Partition split,
    SerializableFunction<Iterator<T>, U> function, HashMap<Integer, List<MapStatus>> inputs) implements Task<U> {

  public ResultTask(Lineage<T> lineage, Partition split, SerializableFunction<Iterator<T>, U> function,
      Map<Integer, List<MapStatus>> inputs) {
    this(lineage, split, function, new HashMap<>(inputs));
  }

  @Override
  public int partition() {
    return split.index();
  }

  @Override
  public U run(TaskContext context) {
    return function.apply(lineage.compute(split, context.withShuffleInputs(inputs)));
  }
}
