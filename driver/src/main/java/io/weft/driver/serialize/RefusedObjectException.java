package io.weft.driver.serialize;

/** A serialized payload the {@link DeserializationFilter} refused; the message names the class or the limit. */
public final class RefusedObjectException extends IllegalStateException {
  public RefusedObjectException(String what, String reason, Throwable cause) {
    super("refused to deserialize " + what + ": " + reason, cause);
  }
}
