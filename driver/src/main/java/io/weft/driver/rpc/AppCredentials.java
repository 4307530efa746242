package io.weft.driver.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.weft.common.security.AuthHeaders;
import io.weft.common.tls.ApplicationCertificate;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What the processes of one application (driver, AM, executors) prove themselves with to each other:
 * the application secret, sent on every call, and, when the cluster speaks TLS, the application's
 * certificate ({@link ApplicationCertificate}), which encrypts their traffic and lets each side know
 * the other holds the application's key. Both travel in the launch environment of the application's
 * containers, never on a command line.
 */
public final class AppCredentials {
  private final String secret;
  private final Optional<ApplicationCertificate> tls;

  private AppCredentials(String secret, Optional<ApplicationCertificate> tls) {
    if (requireNonNull(secret, "secret").isEmpty()) {
      throw new IllegalArgumentException("the application secret is empty");
    }
    this.secret = secret;
    this.tls = requireNonNull(tls);
  }

  /** The secret alone: the application's endpoints speak plaintext. */
  public static AppCredentials plaintext(String secret) {
    return new AppCredentials(secret, Optional.empty());
  }

  /** New credentials for {@code applicationId}: a random secret, and a new certificate if {@code tls}. */
  public static AppCredentials create(String applicationId, boolean tls) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new AppCredentials(HexFormat.of().formatHex(bytes),
        tls ? Optional.of(ApplicationCertificate.generate(applicationId)) : Optional.empty());
  }

  /**
   * The credentials in a container's environment, as {@link #environment} wrote them; a clear error
   * naming the variable when the secret is missing or the certificate unreadable.
   */
  public static AppCredentials fromEnvironment(Map<String, String> env) {
    String secret = env.getOrDefault(AuthHeaders.APP_SECRET_ENV, "");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the application secret is missing from $" + AuthHeaders.APP_SECRET_ENV);
    }
    String pem = env.getOrDefault(ApplicationCertificate.ENV, "");
    return new AppCredentials(secret, pem.isEmpty() ? Optional.empty()
        : Optional.of(ApplicationCertificate.parse(pem, "$" + ApplicationCertificate.ENV)));
  }

  /** The launch environment that hands these credentials to another process of the application. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(AuthHeaders.APP_SECRET_ENV, secret);
    tls.ifPresent(certificate -> env.put(ApplicationCertificate.ENV, certificate.pem()));
    return Map.copyOf(env);
  }

  public String secret() {
    return secret;
  }

  public Optional<ApplicationCertificate> certificate() {
    return tls;
  }

  /** For the application's gRPC servers: with TLS only a holder of the application's key gets through. */
  public ServerCredentials serverCredentials() {
    return tls.map(ApplicationCertificate::serverCredentials).orElseGet(InsecureServerCredentials::create);
  }

  /** For dialling the application's gRPC servers. */
  public ChannelCredentials channelCredentials() {
    return tls.map(ApplicationCertificate::channelCredentials).orElseGet(InsecureChannelCredentials::create);
  }

  /** For the application's web server (the driver UI): HTTPS with the application's certificate, or none. */
  public Optional<SSLContext> webTls() {
    return tls.map(ApplicationCertificate::serverSslContext);
  }

  @Override
  public String toString() {
    return "AppCredentials[secret=(redacted), tls=" + tls.isPresent() + "]";
  }
}
