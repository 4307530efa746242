package io.weft.driver.storage;

import java.io.Serializable;

/**
 * Where one map task's output lives and how big each reduce partition's block is: the result of a
 * shuffle map task, kept by the driver and handed to the reduce tasks.
 */
public record MapStatus(String executorId, String host, int port, int mapPartition, long[] blockSizes)
    implements Serializable {
  public long totalBytes() {
    long sum = 0;
    for (long size : blockSizes) {
      sum += size;
    }
    return sum;
  }
}
