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
 * TLS with certificates of a CA made for the run, each party with what its real counterpart has: the
 * RM its daemon certificate (role resourcemanager), the simulated NodeManagers theirs (role
 * nodemanager, which the resource tracker requires), and the simulated AMs none of their own (a real
 * AM trusts the cluster CA and proves itself with its AMRM token).
 */
final class BenchTls {
  private static final String TLS = "--tls";
  private static final String TLS_DIR = "--tls-dir";

  private final Optional<Path> dir;
  private final TlsSettings rm;
  private final TlsSettings node;
  private final TlsSettings am;

  private BenchTls(Optional<Path> dir, TlsSettings rm, TlsSettings node, TlsSettings am) {
    this.dir = dir;
    this.rm = rm;
    this.node = node;
    this.am = am;
  }

  static final BenchTls PLAINTEXT = new BenchTls(Optional.empty(), TlsSettings.OFF, TlsSettings.OFF, TlsSettings.OFF);

  /**
   * {@code args} holds {@code --tls}: a new CA and certificates in a temp dir; {@code --tls-dir DIR}:
   * those made by another process of the run ({@link #childArgs}); else plaintext.
   */
  static BenchTls of(String[] args) {
    List<String> all = List.of(args);
    int dirAt = all.indexOf(TLS_DIR);
    if (dirAt >= 0) {
      return inDir(Path.of(all.get(dirAt + 1)));
    }
    return all.contains(TLS) ? withNewCa() : PLAINTEXT;
  }

  /** The arguments without {@code --tls} and {@code --tls-dir DIR}, for the positional ones. */
  static String[] positional(String[] args) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(TLS_DIR)) {
        i++;
      } else if (!args[i].equals(TLS)) {
        out.add(args[i]);
      }
    }
    return out.toArray(String[]::new);
  }

  /** What a child process of the run is given so that {@link #of} there finds these certificates. */
  List<String> childArgs() {
    return dir.map(d -> List.of(TLS_DIR, d.toString())).orElse(List.of());
  }

  static BenchTls withNewCa() {
    try {
      Path dir = Files.createTempDirectory("weft-bench-ca");
      CertificateAuthority ca = CertificateAuthority.init(dir, "bench-ca");
      ca.issue(dir, CertRole.RESOURCEMANAGER, "rm", List.of());
      ca.issue(dir, CertRole.NODEMANAGER, "nm", List.of());
      return inDir(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BenchTls inDir(Path dir) {
    Optional<Path> trust = Optional.of(dir.resolve(CertificateAuthority.CA_CERT));
    return new BenchTls(Optional.of(dir),
        new TlsSettings(true, Optional.of(dir.resolve("rm.pem")), Optional.of(dir.resolve("rm.key")), trust),
        new TlsSettings(true, Optional.of(dir.resolve("nm.pem")), Optional.of(dir.resolve("nm.key")), trust),
        new TlsSettings(true, Optional.empty(), Optional.empty(), trust));
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

  /** What simulated NodeManagers dial the RM with: their certificate (role nodemanager), if TLS. */
  ChannelCredentials nodeChannel() {
    return node.channelCredentials();
  }

  /** What simulated AMs dial the RM with: trust in the cluster CA and no certificate, if TLS. */
  ChannelCredentials amChannel() {
    return am.channelCredentials();
  }

  /** What simulated NodeManagers serve with. */
  ServerCredentials nodeServer() {
    return node.serverCredentials();
  }
}
