package io.weft.common.rpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The one mapping between {@link WeftException} and gRPC {@link Status}, both ways. */
public final class RpcErrors {
  private static final Logger LOG = LogManager.getLogger();
  /** At most 9 header bytes a character once percent-encoded: 512 of them stay well inside 8 KiB. */
  static final int MAX_DESCRIPTION_CHARS = 512;

  private RpcErrors() {}

  /**
   * The status a failure travels as. Domain failures keep their code and message; anything else
   * is a bug: logged here with its stack trace, and sent as INTERNAL without one.
   */
  public static StatusRuntimeException toStatus(Throwable t) {
    if (t instanceof StatusRuntimeException sre) {
      return bounded(sre.getStatus()).asRuntimeException(sre.getTrailers());
    }
    if (t instanceof StatusException se) {
      return bounded(se.getStatus()).asRuntimeException(se.getTrailers());
    }
    if (t instanceof WeftException we) {
      return bounded(Status.fromCode(Status.Code.valueOf(we.code().name())).withDescription(we.getMessage()))
          .asRuntimeException();
    }
    LOG.error("internal error while serving a call", t);
    return Status.INTERNAL.withDescription("internal error: " + t).asRuntimeException();
  }

  /**
   * The status with its description cut to {@value #MAX_DESCRIPTION_CHARS} characters. gRPC sends
   * the description percent-encoded in a header, and a client refuses headers over 8 KiB with a
   * PROTOCOL_ERROR that hides the answer: a message that names a 100 KB value must not be that header.
   */
  static Status bounded(Status status) {
    String description = status.getDescription();
    if (description == null || description.length() <= MAX_DESCRIPTION_CHARS) {
      return status;
    }
    return status.withDescription(description.substring(0, MAX_DESCRIPTION_CHARS) + "... (cut; "
        + description.length() + " characters in all)");
  }

  /**
   * Rebuilds the domain exception a call failed with. {@code what} says what was being done
   * ("submit application_..._0001 to 127.0.0.1:8032") and prefixes transport failures.
   */
  public static WeftException fromStatus(Throwable t, String what) {
    Status status = Status.fromThrowable(t);
    WeftException.Code code;
    try {
      code = WeftException.Code.valueOf(status.getCode().name());
    } catch (IllegalArgumentException e) {
      code = WeftException.Code.INTERNAL;
    }
    if (status.getCode() == Status.Code.UNKNOWN && lostConnection(status.getCause())) {
      // gRPC reports a connection that closed under a call as UNKNOWN "channel closed" when the close
      // had a cause (a reset): the peer was lost, not a failure it answered with.
      code = WeftException.Code.UNAVAILABLE;
    }
    String description = status.getDescription() == null ? status.getCode().name() : status.getDescription();
    boolean transport = code == WeftException.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED
        || status.getCode() == Status.Code.CANCELLED;
    return new WeftException(code, transport ? what + ": " + description : description, t);
  }

  private static boolean lostConnection(Throwable cause) {
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof java.nio.channels.ClosedChannelException || c instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }
}
