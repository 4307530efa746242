package io.weft.common.tls;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts one certificate and nothing else: the peer must present exactly it, whatever host it is
 * reached under (which is why this is an extended trust manager: the JDK adds no host name check to
 * one, and the executors of an application serve under every host of the cluster with one certificate).
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
  private final X509Certificate pinned;

  PinnedTrustManager(X509Certificate pinned) {
    this.pinned = requireNonNull(pinned);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, "client");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, "server");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain, "client");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain, "server");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, "client");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, "server");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[] {pinned};
  }

  private void check(X509Certificate[] chain, String peer) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the " + peer + " presented no certificate; expected "
          + pinned.getSubjectX500Principal());
    }
    if (!chain[0].equals(pinned)) {
      throw new CertificateException("the " + peer + " presented " + chain[0].getSubjectX500Principal()
          + " (serial " + chain[0].getSerialNumber().toString(16) + "), not the pinned "
          + pinned.getSubjectX500Principal() + " (serial " + pinned.getSerialNumber().toString(16) + ")");
    }
    pinned.checkValidity();
  }
}
