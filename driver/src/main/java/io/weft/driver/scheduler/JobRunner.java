package io.weft.driver.scheduler;

import static java.util.Objects.requireNonNull;

import io.weft.driver.WeftJobException;
import io.weft.driver.function.SerializableFunction;
import io.weft.driver.plan.Lineage;
import io.weft.driver.plan.Partition;
import io.weft.driver.plan.ResultTask;
import io.weft.driver.serialize.JavaSerializer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs an action as a job. Today a job is one result stage over a lineage of narrow
 * transformations: one task per partition. When shuffles arrive, this is where the lineage is cut
 * into a DAG of stages at shuffle dependencies and parent stages run first.
 */
public final class JobRunner {
  private static final Logger LOG = LogManager.getLogger();

  private final TaskScheduler scheduler;
  private final ClassLoader resultLoader;
  private final AtomicInteger nextJobId = new AtomicInteger();
  private final AtomicInteger nextStageId = new AtomicInteger();

  /** {@code resultLoader} resolves the classes of task results (the user's loader). */
  public JobRunner(TaskScheduler scheduler, ClassLoader resultLoader) {
    this.scheduler = requireNonNull(scheduler);
    this.resultLoader = requireNonNull(resultLoader);
  }

  /** Applies {@code perPartition} to every partition of {@code lineage}; results in partition order. */
  public <T, U extends Serializable> List<U> runJob(Lineage<T> lineage,
      SerializableFunction<Iterator<T>, U> perPartition) {
    int jobId = nextJobId.getAndIncrement();
    int stageId = nextStageId.getAndIncrement();
    List<byte[]> tasks = new ArrayList<>();
    for (Partition partition : lineage.partitions()) {
      tasks.add(JavaSerializer.serialize(new ResultTask<>(lineage, partition, perPartition)));
    }
    LOG.info("job {}: result stage {} with {} task(s)", jobId, stageId, tasks.size());
    List<byte[]> results = await(scheduler.submit(new TaskSet(jobId, stageId, 0, tasks)));
    List<U> values = new ArrayList<>(results.size());
    for (byte[] result : results) {
      values.add(JavaSerializer.deserialize(result, resultLoader));
    }
    LOG.info("job {} finished", jobId);
    return values;
  }

  private static List<byte[]> await(CompletableFuture<List<byte[]>> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeftJobException("interrupted while waiting for a job", e);
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof WeftJobException job) {
        throw new WeftJobException(job.getMessage(), job);
      }
      throw new WeftJobException("job failed: " + cause, cause);
    }
  }
}
