package io.weft.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.id.HostPort;
import org.junit.jupiter.api.Test;

class ServerAddressTest {
  @Test
  void withoutABindHost_theServerListensWhereItIsDialled() {
    ServerAddress server = ServerAddress.of(new HostPort("rm1.example.com", 8032), "", "weft.resourcemanager.address");

    assertThat(server.bind()).isEqualTo(new HostPort("rm1.example.com", 8032));
    assertThat(server.advertised(8032)).isEqualTo(new HostPort("rm1.example.com", 8032));
  }

  @Test
  void aBindHost_changesOnlyWhereItListens() {
    ServerAddress server = ServerAddress.of(new HostPort("rm1.example.com", 8032), " 0.0.0.0 ", "key");

    assertThat(server.bind()).isEqualTo(new HostPort("0.0.0.0", 8032));
    assertThat(server.advertisedHost()).isEqualTo("rm1.example.com");
  }

  @Test
  void aWildcardAddress_advertisesThisMachinesName() {
    ServerAddress server = ServerAddress.of(new HostPort("0.0.0.0", 0), "", "key");

    assertThat(server.bind().host()).isEqualTo("0.0.0.0");
    assertThat(ServerAddress.isWildcard(server.advertisedHost())).isFalse();
    assertThat(server.advertised(4711).port()).isEqualTo(4711);
  }

  @Test
  void wildcards_areTheUnspecifiedAddresses_neverNames() {
    assertThat(ServerAddress.isWildcard("0.0.0.0")).isTrue();
    assertThat(ServerAddress.isWildcard("::")).isTrue();
    assertThat(ServerAddress.isWildcard("")).isTrue();
    assertThat(ServerAddress.isWildcard("127.0.0.1")).isFalse();
    assertThat(ServerAddress.isWildcard("10.0.0.7")).isFalse();
    assertThat(ServerAddress.isWildcard("nm1")).isFalse();
  }

  @Test
  void theInterfaceTowardALoopbackPeer_isLoopback() {
    assertThat(ServerAddress.localAddressToward(new HostPort("127.0.0.1", 8032))).contains("127.0.0.1");
  }
}
