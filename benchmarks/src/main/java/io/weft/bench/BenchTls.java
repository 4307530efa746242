package io.weft.bench;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.weft.common.config.CommonKeys;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.CertificateAuthority;
import io.weft.common.tls.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The security side of a benchmark run, so that both sides are measured in one run: plaintext, or
 * TLS with certificates of a CA made for the run (the RM's, and one the simulated NodeManagers and
 * AMs present, of role nodemanager so that the resource tracker takes it).
 */
final class BenchTls {
  private final TlsSettings rm;
  private final TlsSettings node;

  private BenchTls(TlsSettings rm, TlsSettings node) {
    this.rm = rm;
    this.node = node;
  }

  static final BenchTls PLAINTEXT = new BenchTls(TlsSettings.OFF, TlsSettings.OFF);

  /** {@code args} holds {@code --tls}: a new CA and certificates in a temp dir; else plaintext. */
  static BenchTls of(String[] args) {
    return List.of(args).contains("--tls") ? withNewCa() : PLAINTEXT;
  }

  /** The arguments without {@code --tls}, for the positional ones. */
  static String[] positional(String[] args) {
    return List.of(args).stream().filter(a -> !a.equals("--tls")).toArray(String[]::new);
  }

  static BenchTls withNewCa() {
    try {
      Path dir = Files.createTempDirectory("weft-bench-ca");
      CertificateAuthority ca = CertificateAuthority.init(dir, "bench-ca");
      ca.issue(dir, CertRole.RESOURCEMANAGER, "rm", List.of());
      ca.issue(dir, CertRole.NODEMANAGER, "nm", List.of());
      Optional<Path> trust = Optional.of(dir.resolve(CertificateAuthority.CA_CERT));
      return new BenchTls(new TlsSettings(true, Optional.of(dir.resolve("rm.pem")), Optional.of(dir.resolve("rm.key")), trust),
          new TlsSettings(true, Optional.of(dir.resolve("nm.pem")), Optional.of(dir.resolve("nm.key")), trust));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String label() {
    return rm.enabled() ? "TLS" : "plaintext";
  }

  /** {@code config} with the RM's TLS keys added. */
  Map<String, String> rmConfig(Map<String, String> config) {
    Map<String, String> all = new HashMap<>(config);
    if (rm.enabled()) {
      all.put(CommonKeys.TLS_ENABLED.key(), "true");
      all.put(CommonKeys.TLS_CERT.key(), rm.cert().orElseThrow().toString());
      all.put(CommonKeys.TLS_KEY.key(), rm.key().orElseThrow().toString());
      all.put(CommonKeys.TLS_TRUST.key(), rm.trust().orElseThrow().toString());
    }
    return all;
  }

  /** What simulated NodeManagers and AMs dial the RM with. */
  ChannelCredentials nodeChannel() {
    return node.channelCredentials();
  }

  /** What simulated NodeManagers serve with. */
  ServerCredentials nodeServer() {
    return node.serverCredentials();
  }
}
