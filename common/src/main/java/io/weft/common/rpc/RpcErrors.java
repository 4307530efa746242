package io.weft.common.rpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The one mapping between {@link WeftException} and gRPC {@link Status}, both ways. */
public final class RpcErrors {
  private static final Logger LOG = LogManager.getLogger();

  private RpcErrors() {}

  /**
   * The status a failure travels as. Domain failures keep their code and message; anything else
   * is a bug: logged here with its stack trace, and sent as INTERNAL without one.
   */
  public static StatusRuntimeException toStatus(Throwable t) {
    if (t instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (t instanceof StatusException se) {
      return se.getStatus().asRuntimeException(se.getTrailers());
    }
    if (t instanceof WeftException we) {
      return Status.fromCode(Status.Code.valueOf(we.code().name())).withDescription(we.getMessage())
          .asRuntimeException();
    }
    LOG.error("internal error while serving a call", t);
    return Status.INTERNAL.withDescription("internal error: " + t).asRuntimeException();
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
