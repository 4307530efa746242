package io.weft.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.HostPort;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MasterUrlTest {
  @Test
  void weftUrls_nameOneRmOrAnHaList() {
    assertThat(MasterUrl.parse("weft")).isEqualTo(new MasterUrl.Cluster(Optional.empty()));
    assertThat(MasterUrl.parse("weft://h:9")).isEqualTo(new MasterUrl.Cluster(Optional.of(List.of(new HostPort("h", 9)))));
    assertThat(MasterUrl.parse("weft://h:9,g:8")).isEqualTo(
        new MasterUrl.Cluster(Optional.of(List.of(new HostPort("h", 9), new HostPort("g", 8)))));
  }

  @Test
  void aMalformedList_failsNamingTheUrl() {
    assertThatThrownBy(() -> MasterUrl.parse("weft://h:9,g"))
        .hasMessageContaining("master weft://h:9,g 'h:9,g': entry 'g' is not of the form host:port");
  }
}
