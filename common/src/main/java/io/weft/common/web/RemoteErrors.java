package io.weft.common.web;

import io.weft.common.rpc.WeftException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors as YARN's web services write them, so YARN tooling reads them:
 * {@code {"RemoteException":{"exception":..., "message":..., "javaClassName":...}}} with a status
 * that fits (400 bad input or state, 401 not authenticated, 403 denied, 404 unknown, 409 duplicate, 503 unavailable, 500 bug).
 */
public final class RemoteErrors {
  private RemoteErrors() {}

  public static WebResponse of(WeftException e) {
    int status = status(e.code());
    String exception = switch (status) {
      case 400 -> "BadRequestException";
      case 401 -> "AuthenticationException";
      case 403 -> "ForbiddenException";
      case 404 -> "NotFoundException";
      case 409 -> "ConflictException";
      case 503 -> "ServiceUnavailableException";
      default -> "WebApplicationException";
    };
    WebResponse answer = error(status, exception, e.getMessage());
    return status == 401 ? answer.withHeader("WWW-Authenticate", "Bearer realm=\"weft\"") : answer;
  }

  public static WebResponse error(int status, String exception, String message) {
    String javaClass = switch (exception) {
      case "BadRequestException", "NotFoundException", "ForbiddenException" -> "org.apache.hadoop.yarn.webapp."
          + exception;
      default -> "javax.ws.rs.WebApplicationException";
    };
    // in YARN's order (Map.of has none): exception, message, javaClassName
    Map<String, String> remote = new LinkedHashMap<>();
    remote.put("exception", exception);
    remote.put("message", String.valueOf(message));
    remote.put("javaClassName", javaClass);
    return WebResponse.json(status, Map.of("RemoteException", remote));
  }

  public static int status(WeftException.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION, RESOURCE_EXHAUSTED -> 400;
      case NOT_FOUND -> 404;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case ALREADY_EXISTS -> 409;
      case UNAVAILABLE -> 503;
      default -> 500;
    };
  }
}
