package io.weft.common.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateNamesTest {
  @TempDir
  Path dir;

  private CertificateNames issued(String name, List<String> hosts) {
    return CertificateNames.of(CertificateAuthority.init(dir, "test-ca").issue(dir, CertRole.NODEMANAGER, name, hosts)
        .x509());
  }

  @Test
  void names_areTheCnThenTheAlternativeNames_eachOnce() {
    CertificateNames names = issued("nm1", List.of("nm1.example.com", "10.1.2.3", "2001:db8::1"));
    assertThat(names.commonName()).isEqualTo("nm1");
    assertThat(names.names()).hasSize(6).startsWith("nm1", "localhost", "127.0.0.1", "nm1.example.com", "10.1.2.3");
    assertThat(names.toString()).startsWith("CN=nm1 (names: nm1, localhost, 127.0.0.1, nm1.example.com, 10.1.2.3, ");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nm1", "NM1", "nm1.example.com", "NM1.Example.COM", "nm1.example.com.", "10.1.2.3",
      "2001:db8::1", "2001:DB8:0:0:0:0:0:1", "[2001:db8::1]", "::ffff:10.1.2.3", "127.0.0.1", "localhost"})
  void includes_hostNamesWhateverTheirCase_andAddressesByValue(String host) {
    assertThat(issued("nm1", List.of("nm1.example.com", "10.1.2.3", "2001:db8::1")).includes(host)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nm2", "nm1.example", "example.com", "10.1.2.4", "2001:db8::2", "127.0.0.2", "::1",
      "10.1.2", "nm1.example.com.evil"})
  void includes_noOtherHost(String host) {
    assertThat(issued("nm1", List.of("nm1.example.com", "10.1.2.3", "2001:db8::1")).includes(host)).isFalse();
  }

  @Test
  void aNameIsNeverLookedUp_soAnAddressDoesNotMatchAName() {
    assertThat(issued("nm1", List.of()).includes("127.0.0.1")).isTrue();
    assertThat(new CertificateNames("nm1", List.of("localhost")).includes("127.0.0.1")).isFalse();
    assertThat(new CertificateNames("nm1", List.of("127.0.0.1")).includes("localhost")).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"localhost, true", "LOCALHOST., true", "nm.localhost, true", "127.0.0.1, true", "127.8.9.10, true",
      "::1, true", "0:0:0:0:0:0:0:1, true", "[::1], true", "::ffff:127.0.0.1, true", "0.0.0.0, true", "::, true",
      "nm1, false", "localhost.example.com, false", "10.0.0.1, false", "2001:db8::1, false", "mylocalhost, false"})
  void isLoopback_ofAHost(String host, boolean loopback) {
    assertThat(CertificateNames.isLoopback(host)).isEqualTo(loopback);
  }

  @Test
  void isLoopback_ofAPeer() {
    assertThat(CertificateNames.isLoopback(new InetSocketAddress("127.0.0.1", 5000))).isTrue();
    assertThat(CertificateNames.isLoopback(new InetSocketAddress("::1", 5000))).isTrue();
    assertThat(CertificateNames.isLoopback(new InetSocketAddress("10.1.2.3", 5000))).isFalse();
    assertThat(CertificateNames.isLoopback(InetSocketAddress.createUnresolved("localhost", 5000)))
        .as("an address not known is not loopback").isFalse();
    assertThat(CertificateNames.isLoopback((java.net.SocketAddress) null)).isFalse();
  }
}
