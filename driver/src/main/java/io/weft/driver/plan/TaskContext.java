package io.weft.driver.plan;

import static java.util.Objects.requireNonNull;

import io.weft.driver.storage.CachedBlock;
import io.weft.driver.storage.ExecutorStorage;
import io.weft.driver.storage.MapStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a running task knows about itself: its ids, the executor's storage (shuffle files, cached
 * partitions) and where the map outputs of the shuffles it reads are. {@code newlyCached} collects the
 * partitions this task put in the executor's cache, which the executor reports with the task's result;
 * {@code counters} what it read and wrote, reported with it too.
 */
public record TaskContext(long taskId, int jobId, int stageId, int partition, int attempt,
    ExecutorStorage storage, Map<Integer, List<MapStatus>> shuffleInputs, List<CachedBlock> newlyCached,
    TaskCounters counters) {
  public TaskContext {
    requireNonNull(storage, "storage");
    requireNonNull(newlyCached, "newlyCached");
    requireNonNull(counters, "counters");
    shuffleInputs = Map.copyOf(shuffleInputs);
  }

  public TaskContext withShuffleInputs(Map<Integer, List<MapStatus>> inputs) {
    return new TaskContext(taskId, jobId, stageId, partition, attempt, storage, inputs, newlyCached, counters);
  }

  /**
   * Fetches reduce partition {@code partition} of {@code shuffleId} through the executor's shuffle
   * store, counting the bytes of its blocks and its records as read.
   */
  public <T> java.util.Iterator<T> readShuffle(int shuffleId, int partition) {
    List<MapStatus> outputs = mapOutputs(shuffleId);
    counters.shuffleRead(outputs.stream()
        .map(s -> partition < s.blockSizes().length ? s.blockSizes()[partition] : 0L).toList());
    @SuppressWarnings("unchecked")
    java.util.Iterator<T> records = (java.util.Iterator<T>) storage.shuffles().read(shuffleId, partition, outputs);
    return counters.reading(records);
  }

  /** Partition {@code partition} of the cached lineage {@code lineageId}, computed on the first call. */
  public <T> List<T> cachedPartition(int lineageId, int partition, Supplier<List<T>> compute) {
    return storage.cache().getOrCompute(new CachedBlock(lineageId, partition), compute, newlyCached::add);
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
