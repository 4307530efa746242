package io.weft.nm.localize;

import io.weft.common.rpc.WeftException;

/** A resource could not be localized; the message names the resource and why. */
public final class LocalizationException extends WeftException {
  public LocalizationException(String message) {
    super(Code.FAILED_PRECONDITION, message);
  }

  public LocalizationException(String message, Throwable cause) {
    super(Code.FAILED_PRECONDITION, message, cause);
  }
}
