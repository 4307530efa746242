package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a NodeManager listens on and what it tells others to dial: the bind-host and hostname keys. */
class NmConfigAddressTest {
  private static NmConfig config(Map<String, String> values) {
    return NmConfig.from(WeftConfig.of(values).validate());
  }

  @Test
  void byDefault_itListensOnAndAdvertisesTheHostsOfItsAddresses() {
    NmConfig nm = config(Map.of(NmKeys.ADDRESS.key(), "127.0.0.1:8041", NmKeys.WEBAPP_ADDRESS.key(), "127.0.0.1:8042"));

    assertThat(nm.rpcServer().bind()).isEqualTo(new HostPort("127.0.0.1", 8041));
    assertThat(nm.rpcServer().advertisedHost()).isEqualTo("127.0.0.1");
    assertThat(nm.webServer().bind()).isEqualTo(new HostPort("127.0.0.1", 8042));
  }

  @Test
  void bindHost_changesWhereItListens_hostname_whatItAdvertises() {
    NmConfig nm = config(Map.of(CommonKeys.RM_ADDRESS.key(), "10.77.0.1:8032",
        NmKeys.ADDRESS.key(), "10.77.0.2:8041", NmKeys.WEBAPP_ADDRESS.key(), "10.77.0.2:8042",
        NmKeys.BIND_HOST.key(), "0.0.0.0", NmKeys.HOSTNAME.key(), "nm2.example.com"));

    assertThat(nm.rpcServer().bind()).isEqualTo(new HostPort("0.0.0.0", 8041));
    assertThat(nm.rpcServer().advertisedHost()).isEqualTo("nm2.example.com");
    assertThat(nm.webServer().bind()).isEqualTo(new HostPort("0.0.0.0", 8042));
    assertThat(nm.webServer().advertised(8042)).isEqualTo(new HostPort("nm2.example.com", 8042));
  }

  @Test
  void aWildcardAddress_advertisesThisMachinesName_notTheWildcard() {
    NmConfig nm = config(Map.of(NmKeys.ADDRESS.key(), "0.0.0.0:0"));

    assertThat(nm.rpcServer().bind().host()).isEqualTo("0.0.0.0");
    assertThat(nm.rpcServer().advertisedHost()).isNotEqualTo("0.0.0.0").isNotBlank();
  }

  @Test
  void aLoopbackNodeTowardAnRmOnAnotherHost_isRefused_namingTheKeyToSet() {
    assertThatThrownBy(() -> config(Map.of(CommonKeys.RM_ADDRESS.key(), "10.77.0.1:8032",
        NmKeys.ADDRESS.key(), "127.0.0.1:0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("127.0.0.1, a loopback address, to the ResourceManager at 10.77.0.1:8032")
        .hasMessageContaining(NmKeys.HOSTNAME.key());
    assertThatThrownBy(() -> config(Map.of(CommonKeys.RM_ADDRESS.key(), "10.77.0.1:8032",
        NmKeys.ADDRESS.key(), "10.77.0.2:0", NmKeys.HOSTNAME.key(), "localhost")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("advertise itself as localhost");
  }

  @Test
  void aWildcardHostname_isRefused() {
    assertThatThrownBy(() -> config(Map.of(NmKeys.HOSTNAME.key(), "0.0.0.0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(NmKeys.HOSTNAME.key() + "=0.0.0.0 is a wildcard address");
  }
}
