package io.weft.driver.plan;

import io.weft.driver.Pair;
import io.weft.driver.storage.MapStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Computes one partition of a shuffle's parent and writes its pairs, partitioned, to local disk. */
public record ShuffleMapTask(Dependency.Shuffle dependency, Partition split,
    HashMap<Integer, List<MapStatus>> inputs) implements Task<MapStatus> {

  public ShuffleMapTask(Dependency.Shuffle dependency, Partition split, Map<Integer, List<MapStatus>> inputs) {
    this(dependency, split, new HashMap<>(inputs));
  }

  @Override
  public int partition() {
    return split.index();
  }

  @Override
  @SuppressWarnings("unchecked")
  public MapStatus run(TaskContext context) {
    Lineage<Pair<Object, Object>> parent = (Lineage<Pair<Object, Object>>) dependency.parent();
    MapStatus written = context.storage().shuffles().write(dependency, split.index(),
        parent.compute(split, context.withShuffleInputs(inputs)), context.counters()::recordsWritten);
    context.counters().shuffleWritten(written.totalBytes());
    return written;
  }
}
