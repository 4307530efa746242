package io.weft.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rmadmin's HA commands refuse what they cannot do before dialling any RM. */
class RmHaAdminFlagsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(WeftConfig config, String... args) {
    return new WeftCli(new CliContext(config, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).run(args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutHa_theHaCommandsSaySo() {
    assertThat(run(WeftConfig.empty(), "rmadmin", "-getServiceState", "rm1")).isEqualTo(1);
    assertThat(err()).contains("Cannot run -getServiceState when ResourceManager HA is not enabled "
        + "(weft.resourcemanager.ha.enabled=false)");
  }

  @Test
  void anUnknownId_isAUsageErrorNamingTheKnownIds() {
    WeftConfig ha = WeftConfig.of(Map.of(CommonKeys.RM_HA_ENABLED.key(), "true", CommonKeys.RM_HA_RM_IDS.key(),
        "rm1,rm2", "weft.resourcemanager.address.rm1", "127.0.0.1:1", "weft.resourcemanager.webapp.address.rm1",
        "127.0.0.1:2", "weft.resourcemanager.address.rm2", "127.0.0.1:3", "weft.resourcemanager.webapp.address.rm2",
        "127.0.0.1:4"));
    assertThat(run(ha, "rmadmin", "-transitionToStandby", "rm3")).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(err()).contains("'rm3' is not a ResourceManager id of weft.resourcemanager.ha.rm-ids; the ids are "
        + "rm1, rm2");
  }

  @Test
  void twoCommandsAtOnce_areRefused() {
    assertThat(run(WeftConfig.empty(), "rmadmin", "-getAllServiceState", "-refreshQueues"))
        .isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(err()).contains("needs exactly one of");
  }
}
