package io.weft.driver.plan;

import java.io.Serializable;

/**
 * The unit an executor runs: serialized on the driver, deserialized with the user's class loader on
 * an executor. Today every task is a {@link ResultTask}; shuffle map tasks will be the second kind.
 */
public interface Task<R> extends Serializable {
  int partition();

  R run(TaskContext context);
}
