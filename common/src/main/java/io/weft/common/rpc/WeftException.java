package io.weft.common.rpc;

import static java.util.Objects.requireNonNull;

/**
 * A failure a person should read: the message names the entity, the value and the limit. Its
 * {@link Code} decides the gRPC status it travels as ({@link RpcErrors}), and a client rebuilds
 * the same exception from the status, so domain code on both ends sees one type.
 */
public class WeftException extends RuntimeException {
  /** gRPC's own codes, as chosen by its guidance. */
  public enum Code {
    INVALID_ARGUMENT,
    NOT_FOUND,
    ALREADY_EXISTS,
    FAILED_PRECONDITION,
    RESOURCE_EXHAUSTED,
    UNAVAILABLE,
    PERMISSION_DENIED,
    UNAUTHENTICATED,
    DEADLINE_EXCEEDED,
    CANCELLED,
    INTERNAL
  }

  private final Code code;

  public WeftException(Code code, String message) {
    super(message);
    this.code = requireNonNull(code);
  }

  public WeftException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = requireNonNull(code);
  }

  public Code code() {
    return code;
  }

  public static WeftException invalidArgument(String message) {
    return new WeftException(Code.INVALID_ARGUMENT, message);
  }

  public static WeftException notFound(String message) {
    return new WeftException(Code.NOT_FOUND, message);
  }

  public static WeftException alreadyExists(String message) {
    return new WeftException(Code.ALREADY_EXISTS, message);
  }

  public static WeftException failedPrecondition(String message) {
    return new WeftException(Code.FAILED_PRECONDITION, message);
  }

  public static WeftException resourceExhausted(String message) {
    return new WeftException(Code.RESOURCE_EXHAUSTED, message);
  }

  public static WeftException unavailable(String message) {
    return new WeftException(Code.UNAVAILABLE, message);
  }

  public static WeftException permissionDenied(String message) {
    return new WeftException(Code.PERMISSION_DENIED, message);
  }

  public static WeftException unauthenticated(String message) {
    return new WeftException(Code.UNAUTHENTICATED, message);
  }

  public static WeftException internal(String message, Throwable cause) {
    return new WeftException(Code.INTERNAL, message, cause);
  }
}
