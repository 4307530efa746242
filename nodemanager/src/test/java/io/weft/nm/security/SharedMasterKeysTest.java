package io.weft.nm.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.common.security.MasterKey;
import org.junit.jupiter.api.Test;

class SharedMasterKeysTest {
  @Test
  void rollOver_keepsThePreviousKey_andDropsTheOneBefore() {
    SharedMasterKeys keys = new SharedMasterKeys("container-token");
    MasterKey k1 = MasterKey.generate(1);
    MasterKey k2 = MasterKey.generate(2);
    keys.update(k1);
    keys.update(k1);
    keys.update(k2);
    assertThat(keys.current()).containsSame(k2);
    assertThat(keys.find(1)).containsExactly(k1);
    keys.update(MasterKey.generate(3));
    assertThat(keys.find(1)).isEmpty();
    assertThat(keys.find(2)).containsExactly(k2);
    assertThat(keys.keyIds()).containsExactly(3, 2);
  }

  @Test
  void update_withTheSameIdButANewSecret_isTaken_andTheOldSecretStillVerifies() {
    SharedMasterKeys keys = new SharedMasterKeys("container-token");
    MasterKey beforeRmRestart = MasterKey.generate(1);
    MasterKey afterRmRestart = MasterKey.generate(1);
    keys.update(beforeRmRestart);

    keys.update(afterRmRestart);

    assertThat(keys.current()).containsSame(afterRmRestart);
    assertThat(keys.find(1)).containsExactly(afterRmRestart, beforeRmRestart);
  }

  @Test
  void update_withTheSameIdAndSecret_changesNothing() {
    SharedMasterKeys keys = new SharedMasterKeys("container-token");
    MasterKey k1 = MasterKey.generate(1);
    keys.update(MasterKey.generate(0));
    keys.update(k1);
    keys.update(new MasterKey(1, k1.secret().clone()));
    assertThat(keys.current()).containsSame(k1);
    assertThat(keys.keyIds()).containsExactly(1, 0);
  }
}
