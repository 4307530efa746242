package io.weft.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownKeysTest {
  static {
    KnownKeys.loadKeyClasses(); // in common only CommonKeys is there; the others are skipped
  }

  @Test
  void declaredKeys_theirIdSuffixes_andOpenFamilies_areKnown() {
    assertThat(KnownKeys.isKnown(CommonKeys.RM_ADDRESS.key())).isTrue();
    assertThat(KnownKeys.isKnown(CommonKeys.RM_ADDRESS.key() + ".rm2")).isTrue();
    assertThat(KnownKeys.isKnown("weft.scheduler.capacity.root.a.capacity")).isTrue();
    assertThat(KnownKeys.isKnown("weft.nodemanager.aux-services.my_service.class")).isTrue();
    assertThat(KnownKeys.isKnown("weft.master")).isTrue();
    assertThat(KnownKeys.isKnown("weft.resourcemanager.adress")).isFalse();
  }

  @Test
  void warning_namesTheSourceAndTheClosestKey_onlyForUnknownWeftKeys() {
    assertThat(KnownKeys.warning("weft.resourcemanager.adress", "--conf")).contains("Warning: unknown configuration"
        + " key weft.resourcemanager.adress (--conf); did you mean weft.resourcemanager.address?");
    assertThat(KnownKeys.warning("weft.zzz", "f")).contains(
        "Warning: unknown configuration key weft.zzz (f); Weft does not read it");
    assertThat(KnownKeys.warning("spark.executor.memory", "f")).isEmpty();
    assertThat(KnownKeys.warning(CommonKeys.RPC_TIMEOUT.key(), "f")).isEmpty();
  }

  @Test
  void editDistance_countsInsertionsDeletionsAndSubstitutions() {
    assertThat(KnownKeys.editDistance("kitten", "sitting")).isEqualTo(3);
    assertThat(KnownKeys.editDistance("", "abc")).isEqualTo(3);
    assertThat(KnownKeys.editDistance("same", "same")).isZero();
  }
}
