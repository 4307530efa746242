package io.weft.common.tls;

import static java.util.Objects.requireNonNull;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS identity every process of one application shares: a key and a certificate signed by
 * itself, made by the driver when it starts and handed to its AM and executors beside the
 * application secret, in their launch environment ({@link #ENV}). The application's endpoints (the
 * driver's, the executors' shuffle services, the driver UI) present it, and its members trust
 * exactly it: the traffic is encrypted, an executor knows it reached its own driver, and a server
 * of the application talks gRPC only to a peer that holds the key. Whoever holds the key holds the
 * secret too, so it grants nothing the secret does not; the cluster CA is not involved.
 */
public final class ApplicationCertificate {
  /** The container environment variable that carries the certificate and its key (PEM). */
  public static final String ENV = "WEFT_APP_TLS";
  /** Outlives any application that keeps its driver; the key never leaves the application's processes. */
  private static final Duration VALIDITY = Duration.ofDays(365);

  private final X509Certificate certificate;
  private final PrivateKey key;

  private ApplicationCertificate(X509Certificate certificate, PrivateKey key) {
    this.certificate = requireNonNull(certificate);
    this.key = requireNonNull(key);
  }

  /** A new identity for {@code applicationId} ({@code CN=applicationId, OU=application}). */
  public static ApplicationCertificate generate(String applicationId) {
    CertificateAuthority.KeyPairAndCertificate made =
        CertificateAuthority.selfSigned(applicationId, "application", VALIDITY);
    return new ApplicationCertificate(made.certificate(), made.key());
  }

  /** The identity written by {@link #pem}; errors name {@code source} (e.g. the environment variable). */
  public static ApplicationCertificate parse(String pem, String source) {
    return new ApplicationCertificate(Pem.certificates(pem, source).get(0), Pem.privateKey(pem, source));
  }

  /** Only the certificate in {@code pem} (as {@link #certificatePem} writes it). */
  public static X509Certificate parseCertificate(String pem, String source) {
    return Pem.certificates(pem, source).get(0);
  }

  /** The certificate and the key, PEM: what the application's processes receive. */
  public String pem() {
    return certificatePem() + Pem.text(key);
  }

  /** The certificate alone, PEM: what others may know to recognise the application's servers. */
  public String certificatePem() {
    return Pem.text(List.of(certificate));
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** A gRPC server of the application: presents the certificate and requires the client to present it too. */
  public ServerCredentials serverCredentials() {
    return TlsServerCredentials.newBuilder().keyManager(keyManagers()).trustManager(new PinnedTrustManager(certificate))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build();
  }

  /** A gRPC client of the application's servers: trusts only the certificate and presents it. */
  public ChannelCredentials channelCredentials() {
    return TlsChannelCredentials.newBuilder().keyManager(keyManagers())
        .trustManager(new PinnedTrustManager(certificate)).build();
  }

  /** For the application's web server (the driver UI): presents the certificate; browsers need none of their own. */
  public SSLContext serverSslContext() {
    return context(keyManagers(), certificate);
  }

  /** For a client that knows only the certificate (the RM's proxy to the driver UI): trusts exactly {@code pinned}. */
  public static SSLContext trusting(X509Certificate pinned) {
    return context(null, pinned);
  }

  private KeyManager[] keyManagers() {
    try {
      return TlsSettings.keyManagers(TlsSettings.keyStore(key, new X509Certificate[] {certificate}));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot hold the application's key: " + e.getMessage(), e);
    }
  }

  private static SSLContext context(KeyManager[] keys, X509Certificate pinned) {
    try {
      return TlsSettings.context(keys, new TrustManager[] {new PinnedTrustManager(pinned)});
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up a TLS context: " + e.getMessage(), e);
    }
  }
}
