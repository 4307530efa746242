package io.weft.common.config;

import io.weft.common.rpc.WeftException;

/** A configuration value that is missing, malformed or out of range. */
public final class ConfigException extends WeftException {
  public ConfigException(String message) {
    super(Code.INVALID_ARGUMENT, message);
  }
}
