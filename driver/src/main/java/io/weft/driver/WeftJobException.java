package io.weft.driver;

/** A job failed: a task failed too often, the executors were lost for good, or the context stopped. */
public class WeftJobException extends RuntimeException {
  public WeftJobException(String message) {
    super(message);
  }

  public WeftJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
