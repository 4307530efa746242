package io.weft.common.tls;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts a certificate vouches for: its subject's CN and its subject alternative names (DNS names
 * and IP addresses), as Kerberos' {@code nm/_HOST} names the host a daemon's principal serves. Host
 * names compare case-insensitively, addresses by value (so {@code ::1} and {@code 0:0:0:0:0:0:0:1} are
 * one); nothing is ever looked up in DNS. Wildcard names ({@code *.example.com}) are not honoured: a
 * daemon's certificate names its own host.
 */
public record CertificateNames(String commonName, List<String> names) {
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  public CertificateNames {
    requireNonNull(commonName, "commonName");
    names = List.copyOf(names);
  }

  /** The CN of {@code certificate} first, then its DNS and IP subject alternative names, each once. */
  public static CertificateNames of(X509Certificate certificate) {
    String commonName = PeerIdentity.of(certificate).map(PeerIdentity::name).orElse("");
    Set<String> names = new LinkedHashSet<>();
    if (!commonName.isEmpty()) {
      names.add(commonName);
    }
    for (List<?> san : alternativeNames(certificate)) {
      if (san.size() >= 2 && san.get(0) instanceof Integer type && (type == SAN_DNS || type == SAN_IP)
          && san.get(1) instanceof String value) {
        names.add(value);
      }
    }
    return new CertificateNames(commonName, new ArrayList<>(names));
  }

  /** Whether {@code host} (a host name or an IP address) is one of these names. */
  public boolean includes(String host) {
    return names.stream().anyMatch(name -> sameHost(name, host));
  }

  /**
   * Whether {@code host} names this machine's loopback interface: {@code localhost} (and names under it,
   * RFC 6761), a loopback address ({@code 127.0.0.0/8}, {@code ::1}), or the unspecified address.
   * Every certificate Weft issues names {@code localhost} and {@code 127.0.0.1}, so such a name proves
   * nothing about which host a caller is.
   */
  public static boolean isLoopback(String host) {
    Optional<InetAddress> address = address(host);
    if (address.isPresent()) {
      return address.get().isLoopbackAddress() || address.get().isAnyLocalAddress();
    }
    String name = hostName(host);
    return name.equals("localhost") || name.endsWith(".localhost");
  }

  /** Whether a connection from {@code peer} comes from a loopback address (false when it is not known). */
  public static boolean isLoopback(SocketAddress peer) {
    return peer instanceof InetSocketAddress socket && socket.getAddress() != null
        && socket.getAddress().isLoopbackAddress();
  }

  /** {@code CN=nm1 (names: nm1, localhost, 127.0.0.1)}. */
  @Override
  public String toString() {
    return "CN=" + commonName + " (names: " + String.join(", ", names) + ")";
  }

  private static boolean sameHost(String a, String b) {
    Optional<InetAddress> first = address(a);
    Optional<InetAddress> second = address(b);
    if (first.isPresent() || second.isPresent()) {
      return first.isPresent() && first.equals(second);
    }
    return hostName(a).equals(hostName(b));
  }

  /** The address {@code host} is written as, if it is an IPv4 or IPv6 literal (brackets allowed); never a lookup. */
  private static Optional<InetAddress> address(String host) {
    String literal = host.strip();
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    return InetAddresses.isInetAddress(literal) ? Optional.of(InetAddresses.forString(literal)) : Optional.empty();
  }

  /** Lower case, without the root's trailing dot: {@code NM1.Example.COM.} is {@code nm1.example.com}. */
  private static String hostName(String host) {
    String name = host.strip().toLowerCase(Locale.ROOT);
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private static Collection<List<?>> alternativeNames(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      return names == null ? List.of() : names;
    } catch (CertificateParsingException e) {
      // The TLS handshake accepted the certificate; an extension it cannot parse names nothing.
      return List.of();
    }
  }
}
