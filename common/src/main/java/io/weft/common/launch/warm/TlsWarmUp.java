package io.weft.common.launch.warm;

import com.google.common.io.MoreFiles;
import io.weft.common.tls.ApplicationCertificate;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.CertificateAuthority;
import io.weft.common.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * On a node whose daemons speak TLS, and so its containers too: {@link RpcWarmUp}'s calls again over TLS before
 * the claim, once as a container reaches the RM (the cluster CA's certificate trusted, read from a file) and once as
 * an application's processes reach each other ({@link ApplicationCertificate}, presented by both ends). A
 * container's first TLS connection otherwise loads and initializes the OpenSSL binding, Bouncy Castle and the JDK's
 * key, certificate and trust machinery, and runs a handshake's code for the first time, in the container's time
 * (measured on a secure local cluster: a 4-container distributed shell finished 230-300 ms later than in plaintext).
 *
 * <p>The certificates are throwaway ones of a CA made for this alone, in a temporary directory deleted before the
 * JVM says it is ready; the container never sees them. This runs Weft's TLS classes ({@link CertificateAuthority},
 * {@link TlsSettings}, {@link ApplicationCertificate}) before the claim, which is safe because they read no
 * property and no environment and keep no state but a random number generator.
 */
final class TlsWarmUp {
  private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1");

  private TlsWarmUp() {}

  /** Returns how many calls and session messages were answered over both: {@code 6 * RpcWarmUp.CALLS} when all went well. */
  static int run(Path temporaryRoot) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory(temporaryRoot, "weft-warm-tls");
      CertificateAuthority ca = CertificateAuthority.init(dir, "warm-up");
      CertificateAuthority.Issued server = ca.issue(dir, CertRole.RESOURCEMANAGER, "warm-up-server", LOOPBACK);
      Optional<Path> trust = Optional.of(dir.resolve(CertificateAuthority.CA_CERT));
      int answered = RpcWarmUp.run(
          new TlsSettings(true, Optional.of(server.certificate()), Optional.of(server.key()), trust).serverCredentials(),
          new TlsSettings(true, Optional.empty(), Optional.empty(), trust).channelCredentials());
      ApplicationCertificate application = ApplicationCertificate.generate("warm-up");
      return answered + RpcWarmUp.run(application.serverCredentials(), application.channelCredentials());
    } catch (IOException | RuntimeException e) {
      return 0; // only a head start: the container sets TLS up itself either way
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      if (dir != null) {
        MoreFiles.deleteRecursively(dir);
      }
    } catch (IOException e) {
      // a temporary directory of throwaway certificates: the system's clean-up takes what is left
    }
  }
}
