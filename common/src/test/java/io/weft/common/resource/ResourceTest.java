package io.weft.common.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceTest {
  @Test
  void arithmetic_coversNamedResources() {
    Resource a = new Resource(1024, 2, Map.of("gpu", 1L));
    Resource b = Resource.of(512, 1);
    assertThat(a.add(b)).isEqualTo(new Resource(1536, 3, Map.of("gpu", 1L)));
    assertThat(a.subtract(a)).isEqualTo(new Resource(0, 0, Map.of("gpu", 0L)));
    assertThat(a.fitsIn(Resource.of(4096, 4))).isFalse();
    assertThat(b.fitsIn(a)).isTrue();
  }

  @Test
  void normalizeUp_roundsToMinimumAllocation() {
    assertThat(Resource.of(1408, 1).normalizeUp(Resource.of(1024, 1))).isEqualTo(Resource.of(2048, 1));
    assertThat(Resource.of(1, 0).normalizeUp(Resource.of(1024, 1))).isEqualTo(Resource.of(1024, 1));
  }

  @Test
  void dominantShare_takesTheLargestDimension() {
    assertThat(Resource.of(1024, 4).dominantShareOf(Resource.of(8192, 8))).isEqualTo(0.5);
  }

  @Test
  void requireValidRequest_namesFigureAndLimit() {
    assertThatThrownBy(() -> Resource.of(65536, 1).requireValidRequest("executor", Resource.of(8192, 8)))
        .hasMessage("executor memory 65536 MB exceeds the maximum allocation 8192 MB");
    assertThatThrownBy(() -> Resource.of(-1, 1).requireValidRequest("executor", Resource.of(8192, 8)))
        .hasMessageContaining("must be positive, got -1 MB");
  }
}
