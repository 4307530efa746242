package io.weft.driver.scheduler;

import static java.util.Objects.requireNonNull;

import io.weft.driver.WeftJobException;
import io.weft.driver.function.SerializableFunction;
import io.weft.driver.plan.Dependency;
import io.weft.driver.plan.Lineage;
import io.weft.driver.plan.Partition;
import io.weft.driver.plan.ResultTask;
import io.weft.driver.plan.ShuffleMapTask;
import io.weft.driver.serialize.JavaSerializer;
import io.weft.driver.status.DriverEvent;
import io.weft.driver.status.DriverListener;
import io.weft.driver.storage.MapStatus;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs an action as a job: the lineage is cut into stages at shuffle dependencies; before a stage
 * runs, each shuffle it reads must have all its map outputs, so the parent map stage runs its
 * missing partitions first (none missing: the stage is skipped). When a task cannot fetch shuffle
 * output, that executor's outputs are forgotten and the job recomputes them, then runs the stage's
 * unfinished partitions again, up to {@code maxStageAttempts} times. Jobs and stage attempts starting
 * and ending are told to the scheduler's {@link DriverListener}.
 */
public final class JobRunner {
  private static final Logger LOG = LogManager.getLogger();

  private final TaskScheduler scheduler;
  private final DriverListener listener;
  private final ClassLoader resultLoader;
  private final int maxStageAttempts;
  private final AtomicInteger nextJobId = new AtomicInteger();
  private final AtomicInteger nextStageId = new AtomicInteger();
  /** The stage that last wrote each shuffle: the parent a stage reading it names in its DAG. */
  private final Map<Integer, Integer> shuffleStages = new java.util.concurrent.ConcurrentHashMap<>();

  /** {@code resultLoader} resolves the classes of task results (the user's loader). */
  public JobRunner(TaskScheduler scheduler, ClassLoader resultLoader, int maxStageAttempts) {
    this.scheduler = requireNonNull(scheduler);
    this.listener = scheduler.listener();
    this.resultLoader = requireNonNull(resultLoader);
    this.maxStageAttempts = maxStageAttempts;
  }

  /**
   * Applies {@code perPartition} to every partition of {@code lineage}; results in partition order.
   * The summed serialized results may not exceed {@code maxResultBytes}.
   */
  public <T, U extends Serializable> List<U> runJob(Lineage<T> lineage,
      SerializableFunction<Iterator<T>, U> perPartition, long maxResultBytes) {
    return runJob(lineage, perPartition, maxResultBytes, SchedulingMode.DEFAULT_POOL);
  }

  /** As above, with the job's tasks in scheduling pool {@code pool} (see {@link SchedulingMode#FAIR}). */
  public <T, U extends Serializable> List<U> runJob(Lineage<T> lineage,
      SerializableFunction<Iterator<T>, U> perPartition, long maxResultBytes, String pool) {
    return runJob(lineage, perPartition, maxResultBytes, pool, ClassLoaderScope.SHARED, resultLoader);
  }

  /**
   * As above, with every task loading its classes from {@code scope} on the executors, and the results read
   * with {@code scopeLoader}, the driver's loader of that scope.
   */
  public <T, U extends Serializable> List<U> runJob(Lineage<T> lineage,
      SerializableFunction<Iterator<T>, U> perPartition, long maxResultBytes, String pool, ClassLoaderScope scope,
      ClassLoader scopeLoader) {
    int jobId = nextJobId.getAndIncrement();
    List<Partition> partitions = lineage.partitions();
    byte[][] results = new byte[partitions.size()][];
    LOG.info("job {} started: {} result partition(s) (pool {})", jobId, partitions.size(), pool);
    String callSite = CallSite.describe();
    listener.onEvent(new DriverEvent.JobStarted(jobId, callSite, Instant.now()));
    try {
      runStage(jobId, pool, scope, lineage, results, maxResultBytes, callSite, false, (partition, inputs) ->
          new ResultTask<>(lineage, partition, perPartition, inputs));
    } catch (RuntimeException e) {
      listener.onEvent(new DriverEvent.JobEnded(jobId, String.valueOf(e.getMessage()), Instant.now()));
      throw e;
    }
    listener.onEvent(new DriverEvent.JobEnded(jobId, "", Instant.now()));
    List<U> values = new ArrayList<>(results.length);
    for (byte[] result : results) {
      values.add(JavaSerializer.deserialize(result, scopeLoader));
    }
    LOG.info("job {} finished", jobId);
    return values;
  }

  private interface TaskFactory {
    Object task(Partition partition, Map<Integer, List<MapStatus>> inputs);
  }

  /**
   * Runs the partitions of {@code lineage} whose slot in {@code results} is empty, recomputing lost
   * inputs; returns the stage's id.
   */
  private int runStage(int jobId, String pool, ClassLoaderScope scope, Lineage<?> lineage, byte[][] results,
      long maxResultBytes, String name, boolean mapStage, TaskFactory factory) {
    int stageId = nextStageId.getAndIncrement();
    List<Partition> partitions = lineage.partitions();
    for (int attempt = 0; ; attempt++) {
      Map<Integer, List<MapStatus>> inputs = prepareInputs(jobId, pool, scope, lineage);
      List<Integer> missing = new ArrayList<>();
      List<byte[]> tasks = new ArrayList<>();
      List<String> preferred = new ArrayList<>();
      for (int i = 0; i < results.length; i++) {
        if (results[i] == null) {
          missing.add(i);
          tasks.add(JavaSerializer.serialize(factory.task(partitions.get(i), inputs)));
          preferred.add(Locality.preferredExecutor(lineage, partitions.get(i), inputs, scheduler.cachedBlocks()));
        }
      }
      TaskSet set = new TaskSet(jobId, stageId, attempt, missing, tasks, preferred, maxResultBytes, pool, scope);
      LOG.info("job {}: {} with {} task(s)", jobId, set.name(), tasks.size());
      List<Integer> parents = StageGraph.shuffleInputs(lineage).stream()
          .map(shuffle -> shuffleStages.get(shuffle.shuffleId())).filter(java.util.Objects::nonNull).distinct()
          .toList();
      listener.onEvent(new DriverEvent.StageSubmitted(jobId, stageId, attempt, mapStage ? "ShuffleMapStage"
          : "ResultStage", tasks.size(), shuffleReadBytes(inputs, missing), parents, name, Instant.now()));
      try {
        List<byte[]> done = await(scheduler.submit(set));
        fill(results, missing, done.toArray(new byte[0][]));
        listener.onEvent(new DriverEvent.StageEnded(stageId, attempt, mapStage ? shuffleWriteBytes(done) : 0, "",
            Instant.now()));
        return stageId;
      } catch (TaskSetFailedException e) {
        listener.onEvent(new DriverEvent.StageEnded(stageId, attempt, 0, String.valueOf(e.getMessage()),
            Instant.now()));
        fill(results, missing, e.partial());
        if (e.fetchFailedExecutor().isEmpty() || attempt + 1 >= maxStageAttempts) {
          throw new WeftJobException(e.getMessage(), e);
        }
        LOG.warn("job {}: {} lost shuffle input on executor {}; recomputing it", jobId, set.name(),
            e.fetchFailedExecutor().get());
      }
    }
  }

  /** Makes sure every shuffle {@code lineage} reads has all its map outputs; returns where they are. */
  private Map<Integer, List<MapStatus>> prepareInputs(int jobId, String pool, ClassLoaderScope scope,
      Lineage<?> lineage) {
    Map<Integer, List<MapStatus>> inputs = new HashMap<>();
    for (Dependency.Shuffle shuffle : StageGraph.shuffleInputs(lineage)) {
      MapOutputTracker tracker = scheduler.mapOutputs();
      tracker.register(shuffle.shuffleId(), shuffle.parent().numPartitions());
      List<Integer> missing = tracker.missing(shuffle.shuffleId());
      if (missing.isEmpty()) {
        LOG.info("job {}: map outputs of shuffle {} exist; its stage is skipped", jobId, shuffle.shuffleId());
      } else {
        runMapStage(jobId, pool, scope, shuffle, missing);
      }
      inputs.put(shuffle.shuffleId(), tracker.outputs(shuffle.shuffleId()));
    }
    return inputs;
  }

  private void runMapStage(int jobId, String pool, ClassLoaderScope scope, Dependency.Shuffle shuffle,
      List<Integer> missing) {
    byte[][] statuses = new byte[shuffle.parent().numPartitions()][];
    byte[] placeholder = new byte[0];
    for (int i = 0; i < statuses.length; i++) {
      statuses[i] = missing.contains(i) ? null : placeholder;
    }
    int stageId = runStage(jobId, pool, scope, shuffle.parent(), statuses, Long.MAX_VALUE,
        "write shuffle " + shuffle.shuffleId(),
        true, (partition, inputs) -> new ShuffleMapTask(shuffle, partition, inputs));
    shuffleStages.put(shuffle.shuffleId(), stageId);
    List<String> alive = scheduler.executorIds();
    for (byte[] bytes : statuses) {
      if (bytes != placeholder) {
        MapStatus status = JavaSerializer.deserialize(bytes, resultLoader);
        // An output its node's shuffle service serves outlives the executor that wrote it.
        if (status.servedByNodeService() || alive.contains(status.executorId())) {
          scheduler.mapOutputs().add(shuffle.shuffleId(), status);
        }
      }
    }
    List<Integer> stillMissing = scheduler.mapOutputs().missing(shuffle.shuffleId());
    if (!stillMissing.isEmpty()) {
      LOG.warn("job {}: map outputs {} of shuffle {} were lost while their stage ran; running them again", jobId,
          stillMissing, shuffle.shuffleId());
      runMapStage(jobId, pool, scope, shuffle, stillMissing);
    }
  }

  /** The blocks the tasks of {@code partitions} read: block p of every map output of every input shuffle. */
  private static long shuffleReadBytes(Map<Integer, List<MapStatus>> inputs, List<Integer> partitions) {
    long bytes = 0;
    for (List<MapStatus> outputs : inputs.values()) {
      for (MapStatus status : outputs) {
        for (int p : partitions) {
          bytes += p < status.blockSizes().length ? status.blockSizes()[p] : 0;
        }
      }
    }
    return bytes;
  }

  private long shuffleWriteBytes(List<byte[]> mapResults) {
    long bytes = 0;
    for (byte[] result : mapResults) {
      bytes += JavaSerializer.<MapStatus>deserialize(result, resultLoader).totalBytes();
    }
    return bytes;
  }

  private static void fill(byte[][] results, List<Integer> missing, byte[][] done) {
    for (int i = 0; i < missing.size(); i++) {
      if (done[i] != null) {
        results[missing.get(i)] = done[i];
      }
    }
  }

  private static List<byte[]> await(CompletableFuture<List<byte[]>> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeftJobException("interrupted while waiting for a job", e);
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof TaskSetFailedException failed) {
        throw failed;
      }
      if (cause instanceof WeftJobException job) {
        throw new WeftJobException(job.getMessage(), job);
      }
      throw new WeftJobException("job failed: " + cause, cause);
    }
  }
}
