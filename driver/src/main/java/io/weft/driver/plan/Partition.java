package io.weft.driver.plan;

import java.io.Serializable;

/** One slice of a dataset; travels with the task that computes it. */
public interface Partition extends Serializable {
  int index();
}
