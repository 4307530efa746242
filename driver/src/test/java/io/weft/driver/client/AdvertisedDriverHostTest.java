package io.weft.driver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.driver.DriverKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which host a client-mode driver tells the cluster to dial. */
class AdvertisedDriverHostTest {
  private static final HostPort LOCAL_RM = new HostPort("127.0.0.1", 8032);
  private static final HostPort REMOTE_RM = new HostPort("10.77.0.1", 8032);

  private static WeftConfig driverHost(String host) {
    return WeftConfig.of(Map.of(DriverKeys.DRIVER_HOST.key(), host));
  }

  @Test
  void towardAnRmOnThisMachine_itIsLoopback() {
    assertThat(ClientModeBackend.advertisedHost(WeftConfig.empty(), LOCAL_RM)).isEqualTo("127.0.0.1");
  }

  @Test
  void towardAnRmElsewhere_itIsNeitherLoopbackNorAWildcard() {
    String host = ClientModeBackend.advertisedHost(WeftConfig.empty(), REMOTE_RM);

    assertThat(host).isNotEmpty().doesNotStartWith("127.").isNotEqualTo("0.0.0.0").isNotEqualTo("localhost");
  }

  @Test
  void aGivenHost_isAdvertisedAsGiven() {
    assertThat(ClientModeBackend.advertisedHost(driverHost("client.example.com"), REMOTE_RM))
        .isEqualTo("client.example.com");
    assertThat(ClientModeBackend.advertisedHost(driverHost("127.0.0.1"), LOCAL_RM)).isEqualTo("127.0.0.1");
  }

  @Test
  void aGivenLoopbackHostTowardAnRmElsewhere_isRefusedNamingTheKey() {
    assertThatThrownBy(() -> ClientModeBackend.advertisedHost(driverHost("localhost"), REMOTE_RM))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.driver.host=localhost is a loopback address")
        .hasMessageContaining("ResourceManager at 10.77.0.1:8032");
  }

  @Test
  void aGivenWildcardHost_isRefused() {
    assertThatThrownBy(() -> ClientModeBackend.advertisedHost(driverHost("0.0.0.0"), LOCAL_RM))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.driver.host=0.0.0.0 is a wildcard address")
        .hasMessageContaining("weft.driver.bindAddress=0.0.0.0");
  }
}
