package io.weft.driver.executor;

import static java.util.Objects.requireNonNull;

import io.weft.driver.plan.Task;
import io.weft.driver.plan.TaskContext;
import io.weft.driver.plan.TaskCounters;
import io.weft.driver.scheduler.TaskDescription;
import io.weft.driver.scheduler.TaskOutcome;
import io.weft.driver.serialize.JavaSerializer;
import io.weft.driver.status.DriverEvent.TaskMetrics;
import io.weft.driver.storage.CachedBlock;
import io.weft.driver.storage.ExecutorStorage;
import io.weft.driver.storage.FetchFailedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deserializes a task with the user's class loader, runs it, and serializes its result, measuring
 * its run time, the JVM's GC time meanwhile and what it read and wrote.
 */
public final class TaskRunner {
  private final ClassLoader userLoader;
  private final ExecutorStorage storage;

  public TaskRunner(ClassLoader userLoader, ExecutorStorage storage) {
    this.userLoader = requireNonNull(userLoader);
    this.storage = requireNonNull(storage);
  }

  public TaskOutcome run(TaskDescription description) {
    return run(description, userLoader);
  }

  /** Runs {@code description} with {@code loader} (its class-loader scope's) instead of the shared user loader. */
  public TaskOutcome run(TaskDescription description, ClassLoader loader) {
    ClassLoader userLoader = requireNonNull(loader);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(userLoader);
    long startNanos = System.nanoTime();
    long startGcMs = gcTimeMs();
    TaskCounters counters = new TaskCounters();
    try {
      Task<?> task = JavaSerializer.deserialize(description.serializedTask(), userLoader);
      List<CachedBlock> newlyCached = new ArrayList<>();
      Object result = task.run(new TaskContext(description.taskId(), description.jobId(), description.stageId(),
          description.partition(), description.attempt(), storage, Map.of(), newlyCached, counters));
      byte[] serialized = JavaSerializer.serialize(result);
      return new TaskOutcome.Finished(description.taskId(), serialized, newlyCached,
          metrics(startNanos, startGcMs, counters));
    } catch (Throwable t) { // a user's Error is the task's failure, not the executor's
      if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
        throw (VirtualMachineError) t;
      }
      String message = MissingClassHint.of(t).map(hint -> t + "; " + hint).orElse(t.toString());
      return new TaskOutcome.Failed(description.taskId(), message, stackOf(t), fetchFailure(t),
          metrics(startNanos, startGcMs, counters));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static TaskMetrics metrics(long startNanos, long startGcMs, TaskCounters counters) {
    return new TaskMetrics((System.nanoTime() - startNanos) / 1_000_000, Math.max(0, gcTimeMs() - startGcMs),
        counters.shuffleReadBytes(), counters.shuffleWriteBytes(), counters.recordsRead(), counters.recordsWrittenTotal());
  }

  /** The collection time of every collector of this JVM so far (a collector that cannot tell counts 0). */
  private static long gcTimeMs() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** The executor a fetch failure anywhere in {@code t}'s causes names, or empty. */
  private static String fetchFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof FetchFailedException fetch) {
        return fetch.executorId();
      }
    }
    return "";
  }

  private static String stackOf(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
