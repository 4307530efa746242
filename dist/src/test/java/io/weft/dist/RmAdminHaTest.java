package io.weft.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.StablePorts;
import io.weft.common.security.AuthHeaders;
import io.weft.rm.HaResourceManager;
import io.weft.rm.config.RmKeys;
import io.weft.rm.ha.HaKeys;
import io.weft.rm.ha.HaServiceState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft rmadmin}'s HA commands, run as bin/weft runs them, against two real HA RMs and ZooKeeper. */
class RmAdminHaTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private TestingServer zk;
  private WeftConfig config;
  private Path siteFile;
  private Map<String, String> values;
  private HaResourceManager rm1;
  private HaResourceManager rm2;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void startPair() throws Exception {
    zk = new TestingServer(true);
    Map<String, String> values = new LinkedHashMap<>();
    values.put(CommonKeys.RM_HA_ENABLED.key(), "true");
    values.put(CommonKeys.RM_HA_RM_IDS.key(), "rm1,rm2");
    for (String id : new String[] {"rm1", "rm2"}) {
      values.put(RmEndpoints.rpcKey(id), "127.0.0.1:" + StablePorts.free());
      values.put(RmEndpoints.webKey(id), "127.0.0.1:" + StablePorts.free());
    }
    values.put(HaKeys.ZK_ADDRESS.key(), zk.getConnectString());
    values.put(HaKeys.CLUSTER_ID.key(), "rmadmin-test");
    values.put(RmKeys.RECOVERY_ENABLED.key(), "false");
    values.put(RmKeys.STAGING_DIR.key(), dir.resolve("staging").toString());
    values.put(RmKeys.ADMIN_ACL.key(), AuthHeaders.localUser());
    // the RMs read a site file, as installed ones do: -refreshAdminAcls and a takeover read it again
    siteFile = dir.resolve("weft-site.properties");
    writeSiteFile(values);
    this.values = values;
    config = WeftConfig.load(siteFile);
    rm1 = new HaResourceManager(config.with(HaKeys.HA_ID, "rm1"));
    rm1.start();
    await().atMost(WAIT).until(() -> rm1.status().state() == HaServiceState.ACTIVE);
    rm2 = new HaResourceManager(config.with(HaKeys.HA_ID, "rm2"));
    rm2.start();
    await().atMost(WAIT).until(() -> rm2.status().state() == HaServiceState.STANDBY);
  }

  @AfterEach
  void stop() throws Exception {
    for (HaResourceManager rm : new HaResourceManager[] {rm1, rm2}) {
      if (rm != null) {
        rm.close();
      }
    }
    zk.close();
  }

  private void writeSiteFile(Map<String, String> values) throws IOException {
    StringBuilder text = new StringBuilder();
    values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    Files.writeString(siteFile, text);
  }

  private int rmadmin(String... args) {
    out.reset();
    err.reset();
    String[] all = new String[args.length + 1];
    all[0] = "rmadmin";
    System.arraycopy(args, 0, all, 1, args.length);
    return new WeftCli(new CliContext(config, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).run(all);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void getServiceState_printsActiveOrStandby() {
    assertThat(rmadmin("-getServiceState", "rm1")).as(err()).isZero();
    assertThat(out()).isEqualTo("active\n");
    assertThat(rmadmin("-getServiceState", "rm2")).as(err()).isZero();
    assertThat(out()).isEqualTo("standby\n");
  }

  @Test
  void getServiceState_ofAnUnknownId_namesTheKnownOnes() {
    assertThat(rmadmin("-getServiceState", "rm9")).isNotZero();
    assertThat(err()).contains("'rm9' is not a ResourceManager id of weft.resourcemanager.ha.rm-ids; the ids are "
        + "rm1, rm2");
  }

  @Test
  void getAllServiceState_printsOneLinePerRm_andWhyOneCannotBeAsked() {
    assertThat(rmadmin("-getAllServiceState")).as(err()).isZero();
    assertThat(out()).isEqualTo(String.format("%-50s %s%n%-50s %s%n", rm1.address(), "active", rm2.address(),
        "standby"));

    String rm2Address = rm2.address().toString();
    rm2.close();
    assertThat(rmadmin("-getAllServiceState")).as(err()).isZero();
    assertThat(out()).startsWith(String.format("%-50s %s%n", rm1.address(), "active"));
    assertThat(out().lines().toList().get(1)).startsWith(String.format("%-50s Failed to connect: ", rm2Address))
        .contains("rm2 at " + rm2Address);
  }

  @Test
  void transitionToStandby_handsOverToTheOtherRm() {
    assertThat(rmadmin("-transitionToStandby", "rm1")).as(err()).isZero();

    await().atMost(WAIT).until(() -> rm2.status().state() == HaServiceState.ACTIVE);
    assertThat(rm1.status().state()).isEqualTo(HaServiceState.STANDBY);
    assertThat(rmadmin("-getServiceState", "rm1")).isZero();
    assertThat(out()).isEqualTo("standby\n");
    assertThat(rmadmin("-getServiceState", "rm2")).isZero();
    assertThat(out()).isEqualTo("active\n");
  }

  @Test
  void refreshAdminAcls_onTheActive_holdsOnTheRmThatTakesOver() throws Exception {
    Map<String, String> changed = new LinkedHashMap<>(values);
    changed.put(RmKeys.ADMIN_ACL.key(), "somebody-else");
    writeSiteFile(changed);
    assertThat(rmadmin("-refreshAdminAcls")).as(err()).isZero();
    assertThat(rmadmin("-refreshQueues")).isNotZero();
    assertThat(err()).contains("may not");

    rm1.close(); // the active goes away; rm2 reads the file again as it takes over
    await().atMost(WAIT).until(() -> rm2.status().state() == HaServiceState.ACTIVE);

    assertThat(rmadmin("-refreshQueues")).isNotZero();
    assertThat(err()).contains("may not").contains(AuthHeaders.localUser());
  }

  @Test
  void transitionToActive_isRefusedWithAutomaticFailover() {
    assertThat(rmadmin("-transitionToActive", "rm2")).isNotZero();
    assertThat(err()).contains("Automatic failover is enabled for rm2").contains("-transitionToStandby");
    assertThat(rm2.status().state()).isEqualTo(HaServiceState.STANDBY);
  }
}
