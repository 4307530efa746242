package io.weft.rm.store;

/**
 * The state store cannot be read or written. The message names the store's location, the cause
 * and, where there is one, the fix (e.g. {@code bin/weft resourcemanager -format-state-store}).
 */
public final class StateStoreException extends RuntimeException {
  public StateStoreException(String message) {
    super(message);
  }

  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
