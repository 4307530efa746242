package io.weft.rm.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code weft.resourcemanager.zk-auth} and {@code zk-acl} are read, defaulted and refused. */
class ZkSecurityTest {
  private static final HaPaths PATHS = new HaPaths("/weft/c1");

  @TempDir Path dir;

  private static ZkSecurity of(Map<String, String> values) {
    return ZkSecurity.of(WeftConfig.of(values));
  }

  @Test
  void nothingSet_withoutTls_isZooKeepersOpenAcl() {
    ZkSecurity security = of(Map.of());

    assertThat(security.auth()).isEmpty();
    assertThat(security.acl()).isEqualTo(ZooDefs.Ids.OPEN_ACL_UNSAFE);
    assertThat(security.readableByAnyone()).isTrue();
  }

  @Test
  void nothingSet_withTls_isRefusedNamingBothKeys() {
    assertThatThrownBy(() -> of(Map.of(CommonKeys.TLS_ENABLED.key(), "true"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(HaKeys.ZK_AUTH.key() + "=digest:<user>:<password>")
        .hasMessageContaining(HaKeys.ZK_ACL.key() + "=world:anyone:rwcda");
  }

  @Test
  void withTls_anExplicitOpenAcl_isAccepted() {
    ZkSecurity security = of(Map.of(CommonKeys.TLS_ENABLED.key(), "true", HaKeys.ZK_ACL.key(), "world:anyone:rwcda"));

    assertThat(security.acl()).containsExactly(new ACL(ZooDefs.Perms.ALL, ZooDefs.Ids.ANYONE_ID_UNSAFE));
  }

  @Test
  void digestAuth_withoutAcl_restrictsEveryZnodeToThatIdentity() {
    ZkSecurity security = of(Map.of(HaKeys.ZK_AUTH.key(), "digest:weft:pw"));

    assertThat(security.auth()).singleElement().satisfies(a -> {
      assertThat(a.getScheme()).isEqualTo("digest");
      assertThat(new String(a.getAuth(), StandardCharsets.UTF_8)).isEqualTo("weft:pw");
    });
    ACL rmsOnly = new ACL(ZooDefs.Perms.ALL, new Id("digest", ZkSecurity.digestId("weft:pw")));
    assertThat(security.acl()).containsExactly(rmsOnly);
    assertThat(security.readableByAnyone()).isFalse();
    assertThat(security.aclProvider(PATHS).getAclForPath("/weft/c1/store/identity")).containsExactly(rmsOnly);
    assertThat(security.aclProvider(PATHS).getAclForPath("/weft/c1")).containsExactly(rmsOnly);
    assertThat(security.aclProvider(PATHS).getAclForPath("/weft")).as("a parent other clusters may share")
        .containsExactly(rmsOnly, new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.CREATE, ZooDefs.Ids.ANYONE_ID_UNSAFE));
  }

  @Test
  void authFromAFile_isRead() throws Exception {
    Path file = Files.writeString(dir.resolve("zk-auth"), "digest:weft:from-file\n");

    ZkSecurity security = of(Map.of(HaKeys.ZK_AUTH.key(), "@" + file));

    assertThat(security.acl()).containsExactly(new ACL(ZooDefs.Perms.ALL,
        new Id("digest", ZkSecurity.digestId("weft:from-file"))));
  }

  @Test
  void anExplicitAcl_isParsedInYarnsSyntax() {
    ZkSecurity security = of(Map.of(HaKeys.ZK_AUTH.key(), "digest:weft:pw",
        HaKeys.ZK_ACL.key(), "digest:weft:abc=:rwcda, ip:10.0.0.1:r, auth::cd"));

    assertThat(security.acl()).containsExactly(new ACL(ZooDefs.Perms.ALL, new Id("digest", "weft:abc=")),
        new ACL(ZooDefs.Perms.READ, new Id("ip", "10.0.0.1")),
        new ACL(ZooDefs.Perms.CREATE | ZooDefs.Perms.DELETE, new Id("auth", "")));
  }

  @Test
  void badValues_failNamingTheKeyTheValueAndTheForm_butNeverAPassword() {
    assertThatThrownBy(() -> of(Map.of(HaKeys.ZK_ACL.key(), "world:anyone"))).isInstanceOf(ConfigException.class)
        .hasMessage("configuration weft.resourcemanager.zk-acl=world:anyone is not valid: 'world:anyone' is not "
            + "scheme:id:perms; expected scheme:id:perms[,scheme:id:perms...] with perms of r, w, c, d, a, e.g. "
            + "world:anyone:rwcda or digest:<user>:<base64 SHA-1 of user:password>:rwcda, or @/path/to/file "
            + "holding that");
    assertThatThrownBy(() -> of(Map.of(HaKeys.ZK_ACL.key(), "world:anyone:rwx")))
        .hasMessageContaining("'world:anyone:rwx' has permissions 'rwx', not letters of rwcda");
    assertThatThrownBy(() -> of(Map.of(HaKeys.ZK_ACL.key(), "world:everyone:r")))
        .hasMessageContaining("world's only id is anyone");
    assertThatThrownBy(() -> of(Map.of(HaKeys.ZK_AUTH.key(), "digest:weft")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("configuration weft.resourcemanager.zk-auth=digest:**** is not valid")
        .hasMessageContaining("digest:<user>:<password>");
    assertThatThrownBy(() -> of(Map.of(HaKeys.ZK_AUTH.key(), "digest:weft:secret,nocolon")))
        .hasMessageStartingWith("configuration weft.resourcemanager.zk-auth=digest:weft:****,**** is not valid")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    assertThatThrownBy(() -> of(Map.of(HaKeys.ZK_AUTH.key(), "@" + dir.resolve("missing"))))
        .hasMessageContaining("weft.resourcemanager.zk-auth=@" + dir.resolve("missing") + ": cannot read");
  }
}
