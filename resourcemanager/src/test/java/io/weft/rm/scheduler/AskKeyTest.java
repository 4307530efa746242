package io.weft.rm.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.resource.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An ask's key, whose equals and hashCode are written out: equal keys match, a key differing in any part does not. */
class AskKeyTest {

  @Test
  void equalKeys_areEqualWithEqualHashes_andADifferentPartIsNotEqual() {
    AskKey key = new AskKey(1, Resource.of(1024, 1), 7);
    AskKey same = new AskKey(1, Resource.of(1024, 1), 7);

    assertThat(same).isEqualTo(key).hasSameHashCodeAs(key);
    assertThat(key).isNotEqualTo(null).isNotEqualTo("1/1024/7");
    for (AskKey other : List.of(new AskKey(2, Resource.of(1024, 1), 7), new AskKey(1, Resource.of(2048, 1), 7),
        new AskKey(1, Resource.of(1024, 1), 8))) {
      assertThat(key).as("against " + other).isNotEqualTo(other);
    }
  }
}
