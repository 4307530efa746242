package io.weft.common.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.launch.JvmContainer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JvmContainerTest {
  @ParameterizedTest(name = "{0} MB heap -> {1} MB container")
  @CsvSource({"1024, 1408", "512, 896", "8192, 9011", "4096, 4505"})
  void overhead_isTenPercentButAtLeast384(long heap, long container) {
    assertThat(JvmContainer.resourceFor(heap, 2)).isEqualTo(Resource.of(container, 2));
  }
}
