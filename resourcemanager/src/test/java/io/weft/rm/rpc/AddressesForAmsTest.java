package io.weft.rm.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the RM writes into an AM container's WEFT_RM_ADDRESS. */
class AddressesForAmsTest {
  private static final HostPort BOUND = new HostPort("10.0.0.1", 41234);

  @Test
  void withoutHa_theRmsOwnBoundAddress() {
    assertThat(GrpcNodeClient.addressesForAms(WeftConfig.of(Map.of("weft.resourcemanager.address", "0.0.0.0:0")),
        () -> BOUND).get()).isEqualTo("10.0.0.1:41234");
  }

  @Test
  void withHa_everyRm_inTheOrderOfRmIds_soThatTheAmCanFailOver() {
    WeftConfig config = WeftConfig.of(Map.of("weft.resourcemanager.ha.enabled", "true",
        "weft.resourcemanager.ha.rm-ids", "rm1,rm2",
        "weft.resourcemanager.address.rm1", "host1:8032", "weft.resourcemanager.webapp.address.rm1", "host1:8088",
        "weft.resourcemanager.address.rm2", "host2:8032", "weft.resourcemanager.webapp.address.rm2", "host2:8088"));
    assertThat(GrpcNodeClient.addressesForAms(config, () -> BOUND).get()).isEqualTo("host1:8032,host2:8032");
  }

  @Test
  void withHaButNoRmIds_failsAtOnce_namingTheKey() {
    assertThatThrownBy(() -> GrpcNodeClient.addressesForAms(
        WeftConfig.of(Map.of("weft.resourcemanager.ha.enabled", "true")), () -> BOUND))
        .isInstanceOf(ConfigException.class).hasMessageContaining("weft.resourcemanager.ha.rm-ids");
  }
}
