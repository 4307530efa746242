package io.weft.dist;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.security.AuthHeaders;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.CertificateAuthority;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A secure local cluster's certificates, made in one directory: a new CA, one certificate for the
 * ResourceManager, one shared by the NodeManagers, and one for the user running the cluster (the
 * clients of {@code local-cluster --secure} prove who they are with it).
 */
record ClusterCertificates(Path dir, CertificateAuthority.Issued rm, CertificateAuthority.Issued nm,
    CertificateAuthority.Issued user) {

  static ClusterCertificates make(Path dir) {
    CertificateAuthority ca = CertificateAuthority.init(dir, "weft-local-cluster-ca");
    return new ClusterCertificates(dir, ca.issue(dir, CertRole.RESOURCEMANAGER, "resourcemanager", List.of()),
        ca.issue(dir, CertRole.NODEMANAGER, "nodemanager", List.of()),
        ca.issue(dir, CertRole.USER, AuthHeaders.localUser(), List.of()));
  }

  Path trust() {
    return dir.resolve(CertificateAuthority.CA_CERT);
  }

  WeftConfig forResourceManager(WeftConfig config) {
    return with(config, rm);
  }

  WeftConfig forNodeManager(WeftConfig config) {
    return with(config, nm);
  }

  WeftConfig forClient(WeftConfig config) {
    return with(config, user);
  }

  private WeftConfig with(WeftConfig config, CertificateAuthority.Issued own) {
    return config.with(Map.of(CommonKeys.TLS_ENABLED.key(), "true", CommonKeys.TLS_CERT.key(), own.certificate().toString(),
        CommonKeys.TLS_KEY.key(), own.key().toString(), CommonKeys.TLS_TRUST.key(), trust().toString()));
  }
}
