package io.weft.driver.executor;

import static java.util.Objects.requireNonNull;

import io.weft.driver.plan.Task;
import io.weft.driver.plan.TaskContext;
import io.weft.driver.scheduler.TaskDescription;
import io.weft.driver.scheduler.TaskOutcome;
import io.weft.driver.serialize.JavaSerializer;
import io.weft.driver.storage.CachedBlock;
import io.weft.driver.storage.ExecutorStorage;
import io.weft.driver.storage.FetchFailedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Deserializes a task with the user's class loader, runs it, and serializes its result. */
public final class TaskRunner {
  private final ClassLoader userLoader;
  private final ExecutorStorage storage;

  public TaskRunner(ClassLoader userLoader, ExecutorStorage storage) {
    this.userLoader = requireNonNull(userLoader);
    this.storage = requireNonNull(storage);
  }

  public TaskOutcome run(TaskDescription description) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(userLoader);
    try {
      Task<?> task = JavaSerializer.deserialize(description.serializedTask(), userLoader);
      List<CachedBlock> newlyCached = new ArrayList<>();
      Object result = task.run(new TaskContext(description.taskId(), description.jobId(), description.stageId(),
          description.partition(), description.attempt(), storage, Map.of(), newlyCached));
      return new TaskOutcome.Finished(description.taskId(), JavaSerializer.serialize(result), newlyCached);
    } catch (Throwable t) { // a user's Error is the task's failure, not the executor's
      if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
        throw (VirtualMachineError) t;
      }
      String message = MissingClassHint.of(t).map(hint -> t + "; " + hint).orElse(t.toString());
      return new TaskOutcome.Failed(description.taskId(), message, stackOf(t), fetchFailure(t));
    } finally {
      thread.setContextClassLoader(previous);
    }
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
