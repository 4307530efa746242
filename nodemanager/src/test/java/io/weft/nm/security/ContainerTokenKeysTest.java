package io.weft.nm.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.security.MasterKey;
import org.junit.jupiter.api.Test;

class ContainerTokenKeysTest {
  @Test
  void rollOver_keepsThePreviousKey_andDropsTheOneBefore() {
    ContainerTokenKeys keys = new ContainerTokenKeys();
    MasterKey k1 = MasterKey.generate(1);
    MasterKey k2 = MasterKey.generate(2);
    keys.update(k1);
    keys.update(k1);
    keys.update(k2);
    assertThat(keys.current()).containsSame(k2);
    assertThat(keys.find(1)).containsSame(k1);
    keys.update(MasterKey.generate(3));
    assertThat(keys.find(1)).isEmpty();
    assertThat(keys.find(2)).containsSame(k2);
    assertThat(keys.keyIds()).containsExactly(3, 2);
  }
}
