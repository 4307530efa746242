package io.weft.common.config;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where a daemon's server listens and what name it gives others for it, which on a real network
 * differ (YARN's {@code bind-host}): a server bound to every interface ({@code 0.0.0.0}) must still
 * advertise a name its peers can dial, in node ids, tracking URLs and log links.
 *
 * @param bind the address the server binds (port 0 = ephemeral)
 * @param advertisedHost the host others are told to dial; never a wildcard
 */
public record ServerAddress(HostPort bind, String advertisedHost) {
  public ServerAddress {
    requireNonNull(bind);
    requireNonNull(advertisedHost);
    if (isWildcard(advertisedHost)) {
      throw new IllegalArgumentException("advertised host " + advertisedHost + " is a wildcard address");
    }
  }

  /**
   * The server at {@code configured} (the address others dial, from {@code addressKey}), bound to
   * {@code bindHost} with the same port when that is not blank (from a {@code bind-host} key). A
   * wildcard host in {@code configured} means "bind everywhere, advertise this machine's name", as
   * YARN does.
   */
  public static ServerAddress of(HostPort configured, String bindHost, String addressKey) {
    HostPort bind = bindHost.isBlank() ? configured : new HostPort(bindHost.trim(), configured.port());
    String advertised = isWildcard(configured.host()) ? thisHostName(addressKey) : configured.host();
    return new ServerAddress(bind, advertised);
  }

  /** A server that binds and advertises {@code address} as it is (tests, loopback-only servers). */
  public static ServerAddress exactly(HostPort address) {
    return new ServerAddress(address, isWildcard(address.host()) ? thisHostName("the bind address") : address.host());
  }

  /** The address others dial once the server is bound to {@code boundPort} (the real port when configured 0). */
  public HostPort advertised(int boundPort) {
    return new HostPort(advertisedHost, boundPort);
  }

  /** {@code 0.0.0.0}, {@code ::} and the like: an address to listen on, never one to dial. */
  public static boolean isWildcard(String host) {
    String h = host.trim();
    if (h.isEmpty() || h.equals("*")) {
      return true;
    }
    if (!Character.isDigit(h.charAt(0)) && !h.contains(":")) {
      return false; // a name: resolving it here could block on DNS, and a name is never a wildcard
    }
    try {
      return InetAddress.getByName(h).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * The address of this machine's interface that faces {@code peer}: the one a process there sees
   * connections from, so the one to advertise to it. Empty when no route to {@code peer} is known.
   * Asks the kernel's routing table (a UDP socket's connect sends nothing).
   */
  public static Optional<String> localAddressToward(HostPort peer) {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(new InetSocketAddress(peer.host(), peer.port() == 0 ? 9 : peer.port()));
      InetAddress local = socket.getLocalAddress();
      return local == null || local.isAnyLocalAddress() ? Optional.empty() : Optional.of(local.getHostAddress());
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String thisHostName(String addressKey) {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      throw new ConfigException(addressKey + " has a wildcard host, and this machine's own name, to advertise "
          + "instead, cannot be resolved (" + e.getMessage() + "); give the host others should dial");
    }
  }
}
