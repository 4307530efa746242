package io.weft.driver.rpc;

/**
 * What an executor tells the driver about itself when it registers; {@code logUrl} is its container's
 * log directory on the NodeManager's web server (YARN's {@code /node/containerlogs/{id}/{user}}), or empty.
 */
public record ExecutorRegistration(String executorId, String host, int cores, String containerId, String nodeId,
    String logUrl) {}
