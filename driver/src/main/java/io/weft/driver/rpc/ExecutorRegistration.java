package io.weft.driver.rpc;

/** What an executor tells the driver about itself when it registers. */
public record ExecutorRegistration(String executorId, String host, int cores, String containerId, String nodeId) {}
