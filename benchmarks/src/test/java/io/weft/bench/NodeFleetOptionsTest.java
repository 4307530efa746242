package io.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeFleetOptionsTest {
  @Test
  void theAmCountIsTheLastAmsFlag_orTheFallbackWithoutOne() {
    assertThat(NodeFleet.amCount(new String[] {"10000", "30", "--ams=7", "--tls", "--ams=3"}, 100)).isEqualTo(3);
    assertThat(NodeFleet.amCount(new String[] {"10000", "30", "--ams=0"}, 100)).isZero();
    assertThat(NodeFleet.amCount(new String[] {"10000", "30", "--split-cores"}, 100)).isEqualTo(100);
  }

  @Test
  void aNegativeOrMalformedAmCount_isRefusedNamingTheValue() {
    assertThatThrownBy(() -> NodeFleet.amCount(new String[] {"--ams=-2"}, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--ams=-2").hasMessageContaining("negative");
    assertThatThrownBy(() -> NodeFleet.amCount(new String[] {"--ams=many"}, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'many' is not a whole number");
  }
}
