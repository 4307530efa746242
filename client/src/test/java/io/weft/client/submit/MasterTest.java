package io.weft.client.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasterTest {
  @Test
  void forms() {
    assertThat(Master.parse("weft").rmAddresses()).isEmpty();
    assertThat(Master.parse("weft://h:9").rmAddresses()).contains(List.of(new HostPort("h", 9)));
    assertThat(Master.parse("weft://h:9,g:8").rmAddresses()).contains(List.of(new HostPort("h", 9), new HostPort("g", 8)));
    assertThat(Master.parse("local[3]").localThreads()).isEqualTo(3);
    assertThat(Master.parse("local").localThreads()).isEqualTo(1);
    assertThat(Master.parse("local[*]").localThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void badForms_nameTheValue() {
    assertThatThrownBy(() -> Master.parse("local[0]")).hasMessageContaining("'local[0]'");
    assertThatThrownBy(() -> Master.parse("weft://nohost")).hasMessageContaining("weft://nohost");
    assertThatThrownBy(() -> Master.parse("weft://h:9,nohost")).hasMessageContaining("'nohost'")
        .hasMessageContaining("weft://h:9,nohost");
  }
}
