package io.weft.nm.recovery;

/** The recovery store cannot be read: the NodeManager refuses to start (the message names the fix). */
public final class RecoveryStoreException extends RuntimeException {
  public RecoveryStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
