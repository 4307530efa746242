package io.weft.rm.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RmHaIdTest {
  /** 198.51.100.x is TEST-NET-2 (RFC 5737): documentation addresses, not a test host's (some hosts do use TEST-NET-1). */
  private static WeftConfig pair(String rm1, String rm2) {
    return WeftConfig.of(Map.of(CommonKeys.RM_HA_ENABLED.key(), "true", CommonKeys.RM_HA_RM_IDS.key(), "rm1,rm2",
        "weft.resourcemanager.address.rm1", rm1, "weft.resourcemanager.webapp.address.rm1", "127.0.0.1:1",
        "weft.resourcemanager.address.rm2", rm2, "weft.resourcemanager.webapp.address.rm2", "127.0.0.1:2"));
  }

  @Test
  void unset_isTheOneIdWhoseAddressIsLocal() {
    assertThat(RmHaId.of(pair("198.51.100.1:8032", "127.0.0.1:8032"))).isEqualTo("rm2");
  }

  @Test
  void configured_winsButMustBeAKnownId() {
    WeftConfig config = pair("127.0.0.1:8032", "127.0.0.1:8033");
    assertThat(RmHaId.of(config.with(HaKeys.HA_ID, "rm1"))).isEqualTo("rm1");
    assertThatThrownBy(() -> RmHaId.of(config.with(HaKeys.HA_ID, "rm3"))).isInstanceOf(ConfigException.class)
        .hasMessage("configuration weft.resourcemanager.ha.id=rm3 is not one of weft.resourcemanager.ha.rm-ids "
            + "[rm1, rm2]");
  }

  @Test
  void unset_withSeveralOrNoLocalAddresses_namesTheKeys() {
    assertThatThrownBy(() -> RmHaId.of(pair("127.0.0.1:8032", "127.0.0.1:8033")))
        .hasMessageContaining("weft.resourcemanager.address.rm1, weft.resourcemanager.address.rm2] are all "
            + "addresses of this host; set weft.resourcemanager.ha.id");
    assertThatThrownBy(() -> RmHaId.of(pair("198.51.100.1:8032", "198.51.100.2:8032")))
        .hasMessageContaining("none of [weft.resourcemanager.address.rm1, weft.resourcemanager.address.rm2] is an "
            + "address of this host; set weft.resourcemanager.ha.id");
  }
}
