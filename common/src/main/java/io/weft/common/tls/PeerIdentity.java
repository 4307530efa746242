package io.weft.common.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who the other end of a TLS connection proved to be: the CN and OU ({@link CertRole}) of the client
 * certificate it presented, which the TLS handshake has already checked against the trusted CAs.
 */
public record PeerIdentity(String name, Optional<CertRole> role) {
  /** The peer of {@code session}; empty when there is no session (plaintext) or the peer sent no certificate. */
  public static Optional<PeerIdentity> of(SSLSession session) {
    return certificate(session).flatMap(PeerIdentity::of);
  }

  /** The certificate the peer of {@code session} presented; empty without a session or a certificate. */
  public static Optional<X509Certificate> certificate(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
  }

  /** The CN and OU of {@code certificate}'s subject; empty when it has no CN. */
  public static Optional<PeerIdentity> of(X509Certificate certificate) {
    String name = null;
    CertRole role = null;
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        String value = rdn.getValue().toString();
        if (rdn.getType().equalsIgnoreCase("CN")) {
          name = value;
        } else if (rdn.getType().equalsIgnoreCase("OU")) {
          role = CertRole.of(value).orElse(null);
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    return name == null || name.isBlank() ? Optional.empty() : Optional.of(new PeerIdentity(name, Optional.ofNullable(role)));
  }

  public boolean is(CertRole wanted) {
    return role.filter(wanted::equals).isPresent();
  }

  @Override
  public String toString() {
    return name + role.map(r -> " (" + r.label() + ")").orElse(" (no role)");
  }
}
