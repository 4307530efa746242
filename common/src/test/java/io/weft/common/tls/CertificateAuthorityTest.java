package io.weft.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.rpc.WeftException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
  @TempDir
  Path dir;

  @Test
  void issuedCertificate_isSignedByTheCa_namesItsUserAndRole_andServesItsHosts() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir, "test-ca");
    CertificateAuthority.Issued issued = ca.issue(dir, CertRole.NODEMANAGER, "node7", List.of("node7.example", "10.1.2.3"));

    List<X509Certificate> chain = Pem.certificates(issued.certificate());
    assertThat(chain).hasSize(2);
    chain.get(0).verify(ca.certificate().getPublicKey());
    assertThat(PeerIdentity.of(chain.get(0))).contains(new PeerIdentity("node7", java.util.Optional.of(CertRole.NODEMANAGER)));
    assertThat(chain.get(0).getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
        .containsExactlyInAnyOrder("node7", "localhost", "127.0.0.1", "node7.example", "10.1.2.3");
    assertThat(chain.get(0).getBasicConstraints()).isEqualTo(-1);
    assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(Pem.privateKey(issued.key()).getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void keys_areReadableByTheirOwnerOnly() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir, "test-ca");
    CertificateAuthority.Issued issued = ca.issue(dir, CertRole.USER, "alice", List.of());
    for (Path key : List.of(dir.resolve(CertificateAuthority.CA_KEY), issued.key())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }
  }

  @Test
  void loadedCa_issuesCertificatesThatChainToTheSameRoot() throws Exception {
    X509Certificate root = CertificateAuthority.init(dir, "test-ca").certificate();
    CertificateAuthority.Issued issued = CertificateAuthority.load(dir).issue(dir, CertRole.USER, "bob", List.of());
    issued.x509().verify(root.getPublicKey());
  }

  @Test
  void nothingIsOverwritten() {
    CertificateAuthority ca = CertificateAuthority.init(dir, "test-ca");
    ca.issue(dir, CertRole.USER, "alice", List.of());
    assertThatThrownBy(() -> CertificateAuthority.init(dir, "again")).isInstanceOf(WeftException.class)
        .hasMessageContaining("ca.key exists");
    assertThatThrownBy(() -> ca.issue(dir, CertRole.USER, "alice", List.of())).isInstanceOf(WeftException.class)
        .hasMessageContaining("alice.key exists");
  }

  @Test
  void badInput_isRefusedNamingTheValue() {
    CertificateAuthority ca = CertificateAuthority.init(dir, "test-ca");
    assertThatThrownBy(() -> ca.issue(dir, CertRole.USER, "../evil", List.of())).hasMessageContaining("'../evil'");
    assertThatThrownBy(() -> ca.issue(dir, CertRole.USER, "carol", List.of("300.1.2.3")))
        .hasMessageContaining("'300.1.2.3' is neither a host name nor an IP address");
    assertThatThrownBy(() -> CertRole.parse("admin")).hasMessageContaining("'admin' is not one of resourcemanager, "
        + "nodemanager, user");
    assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("nowhere"))).hasMessageContaining("does not exist");
  }
}
