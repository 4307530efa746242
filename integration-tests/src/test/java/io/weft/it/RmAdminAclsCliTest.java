package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.config.WeftConfig;
import io.weft.common.security.AuthHeaders;
import io.weft.it.MiniWeftCluster.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code rmadmin -refreshAdminAcls} re-reads weft.admin.acl from the RM's weft-site.properties; -getGroups. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RmAdminAclsCliTest {
  private MiniWeftCluster cluster;
  private Path siteFile;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    siteFile = dir.resolve("weft-site.properties");
    Files.writeString(siteFile, "weft.admin.acl=" + AuthHeaders.localUser() + "\n");
    cluster = new MiniWeftCluster(dir.resolve("cluster"), 1, WeftConfig.load(siteFile));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void refreshAdminAcls_appliesTheFilesNewAcl_toTheNextAdminCall() throws Exception {
    assertThat(cluster.cli("rmadmin", "-refreshQueues").exit()).isZero();
    CliRun unchanged = cluster.cli("rmadmin", "-refreshAdminAcls");
    assertThat(unchanged.exit()).as("%s", unchanged).isZero();
    assertThat(unchanged.out()).contains("Admin ACL refreshed from " + siteFile + ": weft.admin.acl is '"
        + AuthHeaders.localUser() + "' (unchanged)");

    Files.writeString(siteFile, "weft.admin.acl=somebody-else\n");
    CliRun refreshed = cluster.cli("rmadmin", "-refreshAdminAcls");
    assertThat(refreshed.exit()).as("%s", refreshed).isZero();
    assertThat(refreshed.out()).contains("weft.admin.acl is 'somebody-else' (was '" + AuthHeaders.localUser() + "')");

    CliRun denied = cluster.cli("rmadmin", "-refreshQueues");
    assertThat(denied.exit()).isEqualTo(1);
    assertThat(denied.err()).contains("user " + AuthHeaders.localUser() + " may not call",
        "weft.admin.acl is 'somebody-else'");
    CliRun deniedAgain = cluster.cli("rmadmin", "-refreshAdminAcls");
    assertThat(deniedAgain.exit()).isEqualTo(1);
  }

  @Test
  void getGroups_printsTheUserWithNoGroups() {
    CliRun named = cluster.cli("rmadmin", "-getGroups", "alice");
    assertThat(named.exit()).isZero();
    assertThat(named.out()).isEqualTo("alice :\n");
    CliRun me = cluster.cli("rmadmin", "-getGroups");
    assertThat(me.out()).isEqualTo(AuthHeaders.localUser() + " :\n");
  }
}
