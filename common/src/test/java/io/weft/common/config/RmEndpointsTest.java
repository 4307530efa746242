package io.weft.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.HostPort;
import io.weft.common.rpc.WeftException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RmEndpointsTest {
  private static final WeftConfig HA_PAIR = WeftConfig.of(Map.of(
      "weft.resourcemanager.ha.enabled", "true",
      "weft.resourcemanager.ha.rm-ids", "rm1, rm2",
      "weft.resourcemanager.address.rm1", "host1:8032",
      "weft.resourcemanager.webapp.address.rm1", "host1:8088",
      "weft.resourcemanager.address.rm2", "host2:8032",
      "weft.resourcemanager.webapp.address.rm2", "host2:8088"));

  @Test
  void withoutHa_theOneRmOfWeftResourcemanagerAddress() {
    WeftConfig config = WeftConfig.of(Map.of("weft.resourcemanager.address", "rm:9032",
        "weft.resourcemanager.webapp.address", "rm:9088", "weft.resourcemanager.ha.rm-ids", "rm1,rm2"));
    assertThat(RmEndpoints.of(config)).containsExactly(
        new RmEndpoints.Endpoint("", new HostPort("rm", 9032), new HostPort("rm", 9088)));
    assertThat(RmEndpoints.rpcAddresses(config)).containsExactly(new HostPort("rm", 9032));
  }

  @Test
  void withHa_oneRmPerId_inTheOrderOfRmIds() {
    assertThat(RmEndpoints.of(HA_PAIR)).containsExactly(
        new RmEndpoints.Endpoint("rm1", new HostPort("host1", 8032), new HostPort("host1", 8088)),
        new RmEndpoints.Endpoint("rm2", new HostPort("host2", 8032), new HostPort("host2", 8088)));
    assertThat(RmEndpoints.rpcAddresses(HA_PAIR)).containsExactly(new HostPort("host1", 8032),
        new HostPort("host2", 8032));
  }

  @Test
  void haWithoutRmIds_failsNamingBothKeys() {
    assertThatThrownBy(() -> RmEndpoints.of(WeftConfig.of(Map.of("weft.resourcemanager.ha.enabled", "true"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.resourcemanager.ha.enabled is true")
        .hasMessageContaining("weft.resourcemanager.ha.rm-ids names no ResourceManager");
    assertThatThrownBy(() -> RmEndpoints.of(HA_PAIR.with(CommonKeys.RM_HA_RM_IDS, " , ")))
        .hasMessageContaining("weft.resourcemanager.ha.rm-ids names no ResourceManager");
  }

  @Test
  void haWithAMissingAddressOfAnId_failsNamingTheKey() {
    WeftConfig missing = WeftConfig.of(Map.of("weft.resourcemanager.ha.enabled", "true",
        "weft.resourcemanager.ha.rm-ids", "rm1,rm2",
        "weft.resourcemanager.address.rm1", "host1:8032", "weft.resourcemanager.webapp.address.rm1", "host1:8088",
        "weft.resourcemanager.webapp.address.rm2", "host2:8088"));
    assertThatThrownBy(() -> RmEndpoints.rpcAddresses(missing)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.resourcemanager.address.rm2 is not set");
  }

  @Test
  void haWithAMalformedAddress_failsNamingTheKeyAndValue() {
    assertThatThrownBy(() -> RmEndpoints.rpcAddresses(HA_PAIR.with(Map.of("weft.resourcemanager.address.rm2", "host2"))))
        .hasMessageContaining("weft.resourcemanager.address.rm2 'host2' is not of the form host:port");
  }

  @Test
  void repeatedOrMalformedIds_failNamingTheValue() {
    assertThatThrownBy(() -> RmEndpoints.ids(HA_PAIR.with(CommonKeys.RM_HA_RM_IDS, "rm1,rm1")))
        .hasMessageContaining("weft.resourcemanager.ha.rm-ids=rm1,rm1 names rm1 twice");
    assertThatThrownBy(() -> RmEndpoints.ids(HA_PAIR.with(CommonKeys.RM_HA_RM_IDS, "rm1,rm 2")))
        .hasMessageContaining("id 'rm 2'");
  }

  @Test
  void aListJoinsAndParsesBack() {
    List<HostPort> both = List.of(new HostPort("host1", 8032), new HostPort("host2", 8032));
    assertThat(RmEndpoints.join(both)).isEqualTo("host1:8032,host2:8032");
    assertThat(RmEndpoints.parseList("host1:8032,host2:8032", "$WEFT_RM_ADDRESS")).isEqualTo(both);
    assertThat(RmEndpoints.parseList(" host1:8032 , host2:8032 ,", "$WEFT_RM_ADDRESS")).isEqualTo(both);
    assertThat(RmEndpoints.parseList("host1:8032", "$WEFT_RM_ADDRESS")).containsExactly(new HostPort("host1", 8032));
  }

  @Test
  void aMalformedList_failsNamingTheValueAndTheBadPart() {
    assertThatThrownBy(() -> RmEndpoints.parseList("host1:8032,host2", "$WEFT_RM_ADDRESS"))
        .isInstanceOfSatisfying(WeftException.class,
            e -> assertThat(e.code()).isEqualTo(WeftException.Code.INVALID_ARGUMENT))
        .hasMessageContaining("$WEFT_RM_ADDRESS 'host1:8032,host2': entry 'host2' is not of the form host:port");
    assertThatThrownBy(() -> RmEndpoints.parseList("host1:80x", "$WEFT_RM_ADDRESS"))
        .hasMessageContaining("$WEFT_RM_ADDRESS 'host1:80x' has a port that is not a number");
    assertThatThrownBy(() -> RmEndpoints.parseList(" , ", "$WEFT_RM_ADDRESS"))
        .hasMessageContaining("$WEFT_RM_ADDRESS ' , ' names no host:port");
  }
}
