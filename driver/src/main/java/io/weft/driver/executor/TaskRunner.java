package io.weft.driver.executor;

import static java.util.Objects.requireNonNull;

import io.weft.driver.plan.Task;
import io.weft.driver.plan.TaskContext;
import io.weft.driver.scheduler.TaskDescription;
import io.weft.driver.scheduler.TaskOutcome;
import io.weft.driver.serialize.JavaSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Deserializes a task with the user's class loader, runs it, and serializes its result. */
public final class TaskRunner {
  private final ClassLoader userLoader;

  public TaskRunner(ClassLoader userLoader) {
    this.userLoader = requireNonNull(userLoader);
  }

  public TaskOutcome run(TaskDescription description) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(userLoader);
    try {
      Task<?> task = JavaSerializer.deserialize(description.serializedTask(), userLoader);
      Object result = task.run(new TaskContext(description.taskId(), description.jobId(), description.stageId(),
          description.partition(), description.attempt()));
      return new TaskOutcome.Finished(description.taskId(), JavaSerializer.serialize(result));
    } catch (Throwable t) { // a user's Error is the task's failure, not the executor's
      if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
        throw (VirtualMachineError) t;
      }
      return new TaskOutcome.Failed(description.taskId(), t.toString(), stackOf(t));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static String stackOf(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
