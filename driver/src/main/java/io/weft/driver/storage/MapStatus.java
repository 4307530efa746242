package io.weft.driver.storage;

import java.io.Serializable;

/**
 * Where one map task's output lives and how big each reduce partition's block is: the result of a
 * shuffle map task, kept by the driver and handed to the reduce tasks. {@code host:port} is where to
 * fetch it: the NodeManager's shuffle service when {@code servedByNodeService} (then the output
 * outlives executor {@code executorId}, which wrote it), else that executor's own ShuffleService.
 */
public record MapStatus(String executorId, String host, int port, int mapPartition, long[] blockSizes,
    boolean servedByNodeService) implements Serializable {

  /** Output served by the executor that wrote it. */
  public MapStatus(String executorId, String host, int port, int mapPartition, long[] blockSizes) {
    this(executorId, host, port, mapPartition, blockSizes, false);
  }

  public long totalBytes() {
    long sum = 0;
    for (long size : blockSizes) {
      sum += size;
    }
    return sum;
  }

  /** {@code host:port}, where the output is fetched from. */
  public String location() {
    return host + ":" + port;
  }

  /** For messages: who serves this output. */
  public String describeServer() {
    return servedByNodeService ? "the shuffle service at " + location() + " (written by executor " + executorId + ")"
        : "executor " + executorId + " at " + location();
  }
}
