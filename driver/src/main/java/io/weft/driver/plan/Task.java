package io.weft.driver.plan;

import java.io.Serializable;

/**
 * The unit an executor runs: serialized on the driver, deserialized with the user's class loader on
 * an executor. A {@link ResultTask} computes a partition for an action; a {@link ShuffleMapTask}
 * writes a partition's records for a shuffle.
 */
public interface Task<R> extends Serializable {
  int partition();

  R run(TaskContext context);
}
