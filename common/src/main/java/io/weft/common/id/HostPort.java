package io.weft.common.id;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;

/** A network address in {@code host:port} form. */
public record HostPort(String host, int port) {
  public HostPort {
    requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw WeftException.invalidArgument("port " + port + " is outside 0..65535");
    }
  }

  /** Parses {@code host:port}; {@code what} names the value in the error ("RM address", ...). */
  public static HostPort parse(String text, String what) {
    if (text == null) {
      throw WeftException.invalidArgument(what + " is missing; expected host:port");
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw WeftException.invalidArgument(what + " '" + text + "' is not of the form host:port");
    }
    try {
      return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw WeftException.invalidArgument(what + " '" + text + "' has a port that is not a number");
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
