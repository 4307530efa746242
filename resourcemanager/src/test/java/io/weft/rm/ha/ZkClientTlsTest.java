package io.weft.rm.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code weft.resourcemanager.zk-ssl.enabled} makes ZooKeeper's client TLS from the RM's PEM files. */
class ZkClientTlsTest {
  @TempDir Path dir;

  @Test
  void off_byDefault() {
    try (ZkClientTls tls = ZkClientTls.of(WeftConfig.empty())) {
      assertThat(tls.enabled()).isFalse();
    }
  }

  @Test
  void on_withoutATrustFile_isRefusedNamingTheKeys() {
    assertThatThrownBy(() -> ZkClientTls.of(WeftConfig.of(Map.of(HaKeys.ZK_SSL_ENABLED.key(), "true"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.resourcemanager.zk-ssl.enabled=true needs weft.security.tls.trust");
  }

  @Test
  void on_joinsKeyAndCertificateIntoAPrivateFile_deletedAtClose() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir, "test-ca");
    CertificateAuthority.Issued rm = ca.issue(dir, CertRole.RESOURCEMANAGER, "rm", List.of());
    WeftConfig config = WeftConfig.of(Map.of(HaKeys.ZK_SSL_ENABLED.key(), "true",
        CommonKeys.TLS_TRUST.key(), dir.resolve(CertificateAuthority.CA_CERT).toString(),
        CommonKeys.TLS_CERT.key(), rm.certificate().toString(), CommonKeys.TLS_KEY.key(), rm.key().toString()));

    Path keyStoreDir;
    try (ZkClientTls tls = ZkClientTls.of(config)) {
      assertThat(tls.enabled()).isTrue();
      keyStoreDir = tls.keyStoreDir().orElseThrow();
      Path joined = keyStoreDir.resolve("client.pem");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyStoreDir))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(joined))).isEqualTo("rw-------");
      assertThat(Files.readString(joined)).contains("PRIVATE KEY").contains("BEGIN CERTIFICATE");
    }
    assertThat(keyStoreDir).doesNotExist();
  }
}
