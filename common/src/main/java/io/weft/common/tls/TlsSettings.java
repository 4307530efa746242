package io.weft.common.tls;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigKey;
import io.weft.common.config.WeftConfig;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.rpc.WeftException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Whether a process speaks TLS and with which PEM files: its own certificate and key (a daemon's is
 * required; a client's optional) and the CAs it trusts. Servers ask for a client certificate but do
 * not require one: ApplicationMasters and users may prove themselves with a token instead, and the
 * services that need a certificate (node registration) check the peer's themselves.
 */
public record TlsSettings(boolean enabled, Optional<Path> cert, Optional<Path> key, Optional<Path> trust) {
  /** Protects nothing (the stores live in memory only); the JDK's key stores need one. */
  public static final char[] KEY_STORE_PASSWORD = "weft".toCharArray();
  public static final TlsSettings OFF = new TlsSettings(false, Optional.empty(), Optional.empty(), Optional.empty());

  public TlsSettings {
    if (enabled && trust.isEmpty()) {
      throw WeftException.invalidArgument(CommonKeys.TLS_ENABLED.key() + "=true needs " + CommonKeys.TLS_TRUST.key()
          + " (the PEM file of the cluster CA)");
    }
    if (cert.isPresent() != key.isPresent()) {
      throw WeftException.invalidArgument(CommonKeys.TLS_CERT.key() + " and " + CommonKeys.TLS_KEY.key()
          + " go together; only " + (cert.isPresent() ? CommonKeys.TLS_CERT.key() : CommonKeys.TLS_KEY.key())
          + " is set");
    }
  }

  /** A client's settings: its own certificate is optional. Every file named is read now, so a mistake fails here. */
  public static TlsSettings of(WeftConfig config) {
    if (!config.get(CommonKeys.TLS_ENABLED)) {
      return OFF;
    }
    TlsSettings tls = new TlsSettings(true, file(config, CommonKeys.TLS_CERT), file(config, CommonKeys.TLS_KEY),
        file(config, CommonKeys.TLS_TRUST));
    tls.check();
    return tls;
  }

  /** A daemon's settings: as {@link #of}, and with TLS on its own certificate is required. */
  public static TlsSettings forDaemon(WeftConfig config) {
    TlsSettings tls = of(config);
    if (tls.enabled && tls.cert.isEmpty()) {
      throw WeftException.invalidArgument(CommonKeys.TLS_ENABLED.key() + "=true: a daemon needs its certificate in "
          + CommonKeys.TLS_CERT.key() + " and " + CommonKeys.TLS_KEY.key()
          + " (make one with bin/weft security issue)");
    }
    return tls;
  }

  /**
   * What a container's process (an AM, a driver in the cluster) uses to reach the RM and NMs: the CAs
   * its NM trusts ({@link ContainerEnv#TLS_TRUST}), no certificate of its own (it proves itself with tokens).
   */
  public static TlsSettings ofContainer(Map<String, String> env) {
    String trust = env.getOrDefault(ContainerEnv.TLS_TRUST, "");
    return trust.isBlank() ? OFF : new TlsSettings(true, Optional.empty(), Optional.empty(), Optional.of(Path.of(trust)));
  }

  /** The environment a container needs to reach the cluster as {@link #ofContainer} reads it. */
  public Map<String, String> containerEnvironment() {
    return enabled ? Map.of(ContainerEnv.TLS_TRUST, trust.orElseThrow().toString()) : Map.of();
  }

  /** The URL scheme of this process's web servers and of the links to them. */
  public String scheme() {
    return enabled ? "https" : "http";
  }

  /** A gRPC server's credentials: with TLS it presents the certificate and asks for (does not require) the client's. */
  public ServerCredentials serverCredentials() {
    if (!enabled) {
      return InsecureServerCredentials.create();
    }
    requireCertificate();
    try {
      return TlsServerCredentials.newBuilder().keyManager(cert.get().toFile(), key.get().toFile())
          .trustManager(trust.orElseThrow().toFile()).clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL).build();
    } catch (IOException e) {
      throw WeftException.invalidArgument("cannot use " + cert.get() + " / " + key.get() + " for TLS: " + e.getMessage());
    }
  }

  /** A gRPC client's credentials: with TLS it trusts the CAs and presents this process's certificate if it has one. */
  public ChannelCredentials channelCredentials() {
    if (!enabled) {
      return InsecureChannelCredentials.create();
    }
    try {
      TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder().trustManager(trust.orElseThrow().toFile());
      if (cert.isPresent()) {
        builder.keyManager(cert.get().toFile(), key.orElseThrow().toFile());
      }
      return builder.build();
    } catch (IOException e) {
      throw WeftException.invalidArgument("cannot set up TLS with " + trust.orElseThrow() + ": " + e.getMessage());
    }
  }

  /**
   * A JDK TLS context (for {@code java.net.http.HttpClient} and Jetty) that trusts the CAs and, if this
   * process has a certificate, presents it.
   */
  public SSLContext sslContext() {
    try {
      TrustManagerFactory trusts = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trusts.init(trustStore());
      return context(cert.isPresent() ? keyManagers(keyStore()) : null, trusts.getTrustManagers());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up a TLS context: " + e.getMessage(), e);
    }
  }

  /** This process's key and certificate chain in an in-memory key store whose password is {@link #KEY_STORE_PASSWORD}. */
  public KeyStore keyStore() {
    requireCertificate();
    try {
      return keyStore(privateKey(), certificateChain().toArray(X509Certificate[]::new));
    } catch (GeneralSecurityException | IOException e) {
      throw WeftException.invalidArgument("cannot use " + cert.get() + " / " + key.orElseThrow() + " for TLS: "
          + e.getMessage());
    }
  }

  /** {@code key} and its {@code chain} in an in-memory key store whose password is {@link #KEY_STORE_PASSWORD}. */
  static KeyStore keyStore(PrivateKey key, X509Certificate[] chain) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("weft", key, KEY_STORE_PASSWORD, chain);
    return store;
  }

  /** The key managers that present what {@code store} holds. */
  static KeyManager[] keyManagers(KeyStore store) throws GeneralSecurityException {
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, KEY_STORE_PASSWORD);
    return factory.getKeyManagers();
  }

  /** A TLS context presenting {@code keys} (none: null) and trusting what {@code trusts} trust. */
  static SSLContext context(KeyManager[] keys, TrustManager[] trusts) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, trusts, null);
    return context;
  }

  /** The trusted CAs in an in-memory trust store. */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : trustedCertificates()) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a trust store: " + e.getMessage(), e);
    }
  }

  /** This process's certificate chain and key, read from the PEM files. */
  public List<X509Certificate> certificateChain() {
    requireCertificate();
    return Pem.certificates(cert.get());
  }

  public PrivateKey privateKey() {
    requireCertificate();
    return Pem.privateKey(key.orElseThrow());
  }

  public List<X509Certificate> trustedCertificates() {
    return Pem.certificates(trust.orElseThrow());
  }

  private void check() {
    trustedCertificates();
    cert.ifPresent(c -> {
      certificateChain();
      privateKey();
    });
  }

  private void requireCertificate() {
    if (cert.isEmpty()) {
      throw new IllegalStateException("TLS without a certificate of this process's own");
    }
  }

  private static Optional<Path> file(WeftConfig config, ConfigKey<String> key) {
    String value = config.get(key).strip();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(value);
    if (!Files.isReadable(path)) {
      throw WeftException.invalidArgument(key.key() + "=" + value + ": no such readable file");
    }
    return Optional.of(path);
  }
}
