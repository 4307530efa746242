package io.weft.client.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.id.HostPort;
import org.junit.jupiter.api.Test;

class MasterTest {
  @Test
  void forms() {
    assertThat(Master.parse("weft").rmAddress()).isEmpty();
    assertThat(Master.parse("weft://h:9").rmAddress()).contains(new HostPort("h", 9));
    assertThat(Master.parse("local[3]").localThreads()).isEqualTo(3);
    assertThat(Master.parse("local").localThreads()).isEqualTo(1);
    assertThat(Master.parse("local[*]").localThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void badForms_nameTheValue() {
    assertThatThrownBy(() -> Master.parse("local[0]")).hasMessageContaining("'local[0]'");
    assertThatThrownBy(() -> Master.parse("weft://nohost")).hasMessageContaining("weft://nohost");
  }
}
