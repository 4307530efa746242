package io.weft.driver.plan;

/** What a running task knows about itself. */
public record TaskContext(long taskId, int jobId, int stageId, int partition, int attempt) {}
