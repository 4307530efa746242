package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceTypes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code weft.resource-types.<type>.maximum-allocation} read from a real configuration, and every bad value refused. */
class ConfiguredMaximumTest {
  private static final ResourceTypes GPU_FPGA = ResourceTypes.parse("gpu,fpga", "weft.resource-types");

  @Test
  void aTypeWithAMaximumIsCapped_andOneWithoutIsLeftToTheNodes() {
    Resource maximum = ConfiguredMaximum.of(WeftConfig.of(Map.of("weft.scheduler.maximum-allocation-mb", "4096",
        "weft.resource-types.gpu.maximum-allocation", "2")), GPU_FPGA);
    assertThat(maximum).isEqualTo(new Resource(4096, 8, Map.of("gpu", 2L)));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "weft.resource-types.gpu.maximum-allocation|two|weft.resource-types.gpu.maximum-allocation=two is not a whole number",
      "weft.resource-types.gpu.maximum-allocation|0|weft.resource-types.gpu.maximum-allocation=0 must be at least 1",
      "weft.resource-types.tpu.maximum-allocation|1|limits resource type 'tpu', which is not one of the cluster's "
          + "resource types [gpu,fpga]"})
  void badValues_areRefusedNamingTheKeyAndTheLimit(String key, String value, String message) {
    assertThatThrownBy(() -> ConfiguredMaximum.of(WeftConfig.of(Map.of(key, value)), GPU_FPGA))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }
}
