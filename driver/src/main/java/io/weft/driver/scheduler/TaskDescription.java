package io.weft.driver.scheduler;

/** One attempt of one task, as sent to an executor. */
public record TaskDescription(long taskId, int jobId, int stageId, int stageAttempt, int partition, int attempt,
    byte[] serializedTask) {}
