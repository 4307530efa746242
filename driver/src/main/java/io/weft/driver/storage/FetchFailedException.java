package io.weft.driver.storage;

/**
 * A reduce task could not get a map output block: the executor holding it is gone or its file is.
 * The driver does not retry such a task as is; it forgets that executor's map outputs and re-runs
 * the map tasks that wrote them.
 */
public final class FetchFailedException extends RuntimeException {
  private final String executorId;

  public FetchFailedException(String executorId, String message, Throwable cause) {
    super(message, cause);
    this.executorId = executorId;
  }

  /** The executor whose outputs could not be fetched. */
  public String executorId() {
    return executorId;
  }
}
