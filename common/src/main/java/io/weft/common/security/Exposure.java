package io.weft.common.security;

import io.weft.common.config.CommonKeys;
import io.weft.common.id.HostPort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.logging.log4j.Logger;

/**
 * Whether a daemon's listening address reaches beyond this machine, and the loud warning a daemon
 * gives at start when it does without authentication: anyone who can reach the port is whoever they
 * claim to be.
 */
public final class Exposure {
  private Exposure() {}

  /** True when every address {@code host} names is a loopback address (a wildcard or unknown host is not). */
  public static boolean loopbackOnly(String host) {
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      for (InetAddress a : all) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Logs a WARN naming {@code what} at {@code address} and the key to set, when it listens beyond loopback unauthenticated. */
  public static void warnIfOpen(Logger log, String what, HostPort address, Authentication authentication) {
    if (!authentication.verifiesUsers() && !loopbackOnly(address.host())) {
      log.warn("SECURITY: the {} listens on {}, beyond loopback, WITHOUT AUTHENTICATION: anyone who can reach it "
          + "acts as whichever user they claim. Set {}=tls or token (see docs/security.md), or bind it to "
          + "127.0.0.1", what, address, CommonKeys.SECURITY_AUTHENTICATION.key());
    }
  }
}
