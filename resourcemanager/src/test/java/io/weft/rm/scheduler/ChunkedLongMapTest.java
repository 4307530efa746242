package io.weft.rm.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The chunked map answers every query as a sorted map would, as chunks fill, split, empty and merge. */
class ChunkedLongMapTest {

  @Test
  void randomChanges_answerAsATreeMapDoes() {
    Random random = new Random(17);
    ChunkedLongMap<String> map = new ChunkedLongMap<>();
    TreeMap<Long, String> expected = new TreeMap<>();
    for (int step = 0; step < 60_000; step++) {
      // grows to a few thousand keys over a narrow range (many neighbours), then shrinks
      boolean growing = step < 30_000 ? random.nextInt(4) > 0 : random.nextInt(4) == 0;
      long key = random.nextInt(5_000);
      if (growing) {
        map.put(key, "v" + step);
        expected.put(key, "v" + step);
      } else {
        assertThat(map.remove(key)).isEqualTo(expected.remove(key) != null);
      }
      if (step % 97 == 0) {
        long probe = random.nextInt(5_200) - 100L;
        assertThat(map.ceilingKey(probe)).isEqualTo(orNone(expected.ceilingKey(probe)));
        assertThat(map.higherKey(probe)).isEqualTo(orNone(expected.higherKey(probe)));
        assertThat(map.lowerKey(probe)).isEqualTo(orNone(expected.lowerKey(probe)));
        assertThat(map.get(probe)).isEqualTo(expected.get(probe));
      }
      assertThat(map.size()).isEqualTo(expected.size());
      assertThat(map.lastKey()).isEqualTo(expected.isEmpty() ? ChunkedLongMap.NONE : expected.lastKey());
    }
    for (long key : expected.keySet()) {
      assertThat(map.remove(key)).isTrue();
    }
    assertThat(map.isEmpty()).isTrue();
    assertThat(map.lastKey()).isEqualTo(ChunkedLongMap.NONE);
  }

  @Test
  void walkingUpByHigherKey_visitsEveryKeyInOrder_acrossChunks() {
    ChunkedLongMap<Long> map = new ChunkedLongMap<>();
    for (long k = 1000; k > 0; k--) { // descending: every insertion at the front of the first chunk
      map.put(k * 3, k);
    }
    long seen = 0;
    for (long key = map.ceilingKey(0); key != ChunkedLongMap.NONE; key = map.higherKey(key)) {
      seen++;
      assertThat(key).isEqualTo(seen * 3);
      assertThat(map.get(key)).isEqualTo(seen);
    }
    assertThat(seen).isEqualTo(1000);
    assertThat(map.lowerKey(3)).isEqualTo(ChunkedLongMap.NONE);
    assertThat(map.higherKey(3000)).isEqualTo(ChunkedLongMap.NONE);
  }

  @Test
  void aNegativeKey_isRefused_namingIt() {
    ChunkedLongMap<String> map = new ChunkedLongMap<>();
    assertThatThrownBy(() -> map.put(-4, "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-4");
    assertThat(map.isEmpty()).isTrue();
  }

  private static long orNone(Long key) {
    return key == null ? ChunkedLongMap.NONE : key;
  }
}
