package io.weft.am;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.resource.Resource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** weft.executor.resource.&lt;type&gt;.amount reaches the executors' container ask, as Spark's spark.executor.resource.*. */
class ExecutorResourcesTest {
  @Test
  void executorAmounts_joinTheJvmsMemoryAndCores() {
    WeftConfig conf = WeftConfig.of(Map.of("weft.executor.resource.gpu.amount", "2",
        "weft.driver.resource.gpu.amount", "1"));
    Resource ask = AmKeys.allocatorSettings(conf, 1, 1, 1024, 2).containerResource();
    assertThat(ask.vcores()).isEqualTo(2);
    assertThat(ask.others()).as("the driver's amount is not the executors'").isEqualTo(Map.of("gpu", 2L));
  }

  @Test
  void aBadAmount_namesItsKey() {
    WeftConfig conf = WeftConfig.of(Map.of("weft.executor.resource.gpu.amount", "lots"));
    assertThatThrownBy(() -> AmKeys.allocatorSettings(conf, 1, 1, 1024, 1)).isInstanceOf(ConfigException.class)
        .hasMessage("configuration weft.executor.resource.gpu.amount=lots is not a whole number");
  }
}
