package io.weft.nm.cgroups;

/** Cgroups are enabled but this host cannot give containers their own: the message says what is missing. */
public final class CgroupsUnavailableException extends RuntimeException {
  CgroupsUnavailableException(String message) {
    super(message);
  }

  CgroupsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
