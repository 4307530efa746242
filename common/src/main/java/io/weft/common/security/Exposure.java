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

  /**
   * Logs a WARN naming {@code what} at {@code address} and the key to set, when it listens beyond loopback
   * unauthenticated, or with bearer tokens ({@code token} authentication) but without TLS: then every caller's
   * token crosses the network in clear, and whoever reads one acts as its user until it is revoked.
   */
  public static void warnIfOpen(Logger log, String what, HostPort address, Authentication authentication,
      boolean tls) {
    boolean tokensInClear = authentication == Authentication.TOKEN && !tls;
    // resolving the host is the costly part: only when a warning could apply
    if (authentication.verifiesUsers() && !tokensInClear || loopbackOnly(address.host())) {
      return;
    }
    if (!authentication.verifiesUsers()) {
      log.warn("SECURITY: the {} listens on {}, beyond loopback, WITHOUT AUTHENTICATION: anyone who can reach it "
          + "acts as whichever user they claim. Set {}=tls or token (see docs/security.md), or bind it to "
          + "127.0.0.1", what, address, CommonKeys.SECURITY_AUTHENTICATION.key());
    } else {
      log.warn("SECURITY: the {} listens on {}, beyond loopback, with {}=token but WITHOUT TLS: the bearer token "
          + "of every call crosses the network in clear, and whoever reads one acts as its user until it is "
          + "revoked. Set {}=true (see docs/security.md), or bind it to 127.0.0.1", what, address,
          CommonKeys.SECURITY_AUTHENTICATION.key(), CommonKeys.TLS_ENABLED.key());
    }
  }
}
