package io.weft.driver.plan;

import static java.util.Objects.requireNonNull;

import io.weft.driver.storage.ExecutorStorage;
import io.weft.driver.storage.MapStatus;
import java.util.List;
import java.util.Map;

/**
 * What a running task knows about itself: its ids, the executor's storage (shuffle files, cached
 * partitions) and where the map outputs of the shuffles it reads are.
 */
public record TaskContext(long taskId, int jobId, int stageId, int partition, int attempt,
    ExecutorStorage storage, Map<Integer, List<MapStatus>> shuffleInputs) {
  public TaskContext {
    requireNonNull(storage, "storage");
    shuffleInputs = Map.copyOf(shuffleInputs);
  }

  public TaskContext withShuffleInputs(Map<Integer, List<MapStatus>> inputs) {
    return new TaskContext(taskId, jobId, stageId, partition, attempt, storage, inputs);
  }

  /** The map outputs of {@code shuffleId}; fails if the task was not given them. */
  public List<MapStatus> mapOutputs(int shuffleId) {
    List<MapStatus> outputs = shuffleInputs.get(shuffleId);
    if (outputs == null) {
      throw new IllegalStateException("task " + taskId + " has no map output locations of shuffle " + shuffleId);
    }
    return outputs;
  }
}
