package io.weft.driver.scheduler;

import io.weft.driver.WeftJobException;
import java.util.Optional;

/**
 * A task set ended without all its results. {@code partial} holds the results that did arrive (null
 * elsewhere). When a task could not fetch shuffle output, {@code fetchFailedExecutor} names the
 * executor that held it: the job can recompute that output and try the stage again.
 */
public final class TaskSetFailedException extends WeftJobException {
  private final transient byte[][] partial;
  private final String fetchFailedExecutor;

  public TaskSetFailedException(String message, byte[][] partial, String fetchFailedExecutor) {
    super(message);
    this.partial = partial.clone();
    this.fetchFailedExecutor = fetchFailedExecutor == null ? "" : fetchFailedExecutor;
  }

  public byte[][] partial() {
    return partial.clone();
  }

  public Optional<String> fetchFailedExecutor() {
    return fetchFailedExecutor.isEmpty() ? Optional.empty() : Optional.of(fetchFailedExecutor);
  }
}
