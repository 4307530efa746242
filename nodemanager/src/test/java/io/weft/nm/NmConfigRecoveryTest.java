package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NmConfigRecoveryTest {
  private static NmConfig config(String address, String enabled, String dir) {
    Map<String, String> values = new HashMap<>(Map.of(NmKeys.ADDRESS.key(), address,
        NmKeys.LOCAL_DIRS.key(), "/data/nm/local"));
    if (enabled != null) {
      values.put(NmKeys.RECOVERY_ENABLED.key(), enabled);
    }
    if (dir != null) {
      values.put(NmKeys.RECOVERY_DIR.key(), dir);
    }
    return NmConfig.from(WeftConfig.of(values).validate());
  }

  @Test
  void unset_isOnWithAFixedPort_inARecoveryDirBesideTheLocalDir() {
    assertThat(config("127.0.0.1:8041", null, null).recoveryDir()).contains(Path.of("/data/nm/recovery"));
  }

  @Test
  void unset_isOffWithAnEphemeralPort() {
    assertThat(config("127.0.0.1:0", null, null).recoveryDir()).isEmpty();
  }

  @Test
  void explicitFalse_isOff_andAnExplicitDirIsUsed() {
    assertThat(config("127.0.0.1:8041", "false", null).recoveryEnabled()).isFalse();
    assertThat(config("127.0.0.1:8041", "true", "/var/weft/nm-recovery").recoveryDir())
        .isEqualTo(Optional.of(Path.of("/var/weft/nm-recovery")));
  }

  @Test
  void explicitTrueWithAnEphemeralPort_isRefused_namingBothKeysValuesAndTheFix() {
    assertThatThrownBy(() -> config("127.0.0.1:0", "true", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.nodemanager.recovery.enabled=true")
        .hasMessageContaining("weft.nodemanager.address=127.0.0.1:0")
        .hasMessageContaining("Set weft.nodemanager.address to a fixed port")
        .hasMessageContaining("or weft.nodemanager.recovery.enabled=false");
  }

  @Test
  void badValue_isRefusedNamingTheKeyAndValue() {
    assertThatThrownBy(() -> config("127.0.0.1:8041", "yes", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.nodemanager.recovery.enabled=yes is not valid: expected true, false or empty");
  }
}
