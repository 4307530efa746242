package io.weft.rm.auth;

import io.weft.common.rpc.WeftException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The user a TLS client certificate names: the CN of its subject ({@code CN=alice,OU=user,O=Weft}).
 * The TLS layer has already checked the chain against the cluster's trust; this only reads the name.
 */
public final class TlsPeer {
  private TlsPeer() {}

  /** The CN of the leaf of {@code session}'s peer chain; UNAUTHENTICATED when there is no session or certificate. */
  public static String user(SSLSession session) {
    if (session == null) {
      throw WeftException.unauthenticated("the connection is not TLS, so it carries no client certificate; this "
          + "cluster authenticates users by certificate (weft.security.authentication=tls)");
    }
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      chain = null;
    }
    return user(chain == null ? List.of() : List.of(chain));
  }

  /** The CN of {@code chain}'s leaf; UNAUTHENTICATED when the chain is empty or the leaf names no CN. */
  public static String user(List<? extends Certificate> chain) {
    if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
      throw WeftException.unauthenticated("no client certificate was presented; this cluster authenticates users "
          + "by certificate (weft.security.authentication=tls): 'bin/weft security issue --role user --name NAME'");
    }
    return commonName(leaf);
  }

  static String commonName(X509Certificate certificate) {
    String subject = certificate.getSubjectX500Principal().getName();
    try {
      List<Rdn> rdns = new LdapName(subject).getRdns();
      // most specific last in LdapName's order: take the last CN
      for (int i = rdns.size() - 1; i >= 0; i--) {
        if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
          String cn = String.valueOf(rdns.get(i).getValue()).strip();
          if (!cn.isEmpty()) {
            return cn;
          }
        }
      }
    } catch (InvalidNameException e) {
      throw WeftException.unauthenticated("the client certificate's subject '" + subject + "' does not parse");
    }
    throw WeftException.unauthenticated("the client certificate's subject '" + subject + "' names no CN (user)");
  }
}
