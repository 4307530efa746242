package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The persistent map behaves as a sorted map, and every earlier version stays as it was. */
class PersistentMapTest {

  /**
   * A map keeps nothing of the versions it replaced: nodes an editor made point back at it, so an editor that kept
   * the root it handed out would keep that whole version, and through its nodes' editors every earlier one (the
   * RM's node map held 49 versions of every node report at 5,000 NMs).
   */
  @Test
  void aNewVersion_keepsNoValueTheOldOneHeld() {
    PersistentMap.Editor<Integer, Object> first = PersistentMap.<Integer, Object>empty().edit();
    Object replaced = new Object();
    WeakReference<Object> replacedRef = new WeakReference<>(replaced);
    first.put(0, replaced);
    for (int key = 1; key < 100; key++) {
      first.put(key, "unchanged " + key);
    }
    PersistentMap<Integer, Object> old = first.done();
    PersistentMap.Editor<Integer, Object> second = old.edit();
    second.put(0, "new");
    PersistentMap<Integer, Object> current = second.done();
    replaced = null;
    old = null;
    first = null;
    second = null;

    Collected.await(replacedRef);
    assertThat(current.get(0)).isEqualTo("new");
    assertThat(current.get(99)).isEqualTo("unchanged 99");
  }

  @Test
  void randomPutsAndRemoves_matchATreeMap_andLeaveEarlierVersionsUntouched() {
    Random random = new Random(42);
    PersistentMap<Integer, String> map = PersistentMap.empty();
    TreeMap<Integer, String> expected = new TreeMap<>();
    List<PersistentMap<Integer, String>> versions = new ArrayList<>();
    List<Map<Integer, String>> expectedVersions = new ArrayList<>();
    for (int step = 0; step < 3000; step++) {
      int key = random.nextInt(500);
      if (random.nextInt(3) == 0) {
        map = map.remove(key);
        expected.remove(key);
      } else {
        map = map.put(key, "v" + step);
        expected.put(key, "v" + step);
      }
      if (step % 300 == 0) {
        versions.add(map);
        expectedVersions.add(new TreeMap<>(expected));
      }
      assertThat(map.size()).isEqualTo(expected.size());
      assertThat(map.get(key)).isEqualTo(expected.get(key));
    }
    assertThat(contents(map)).containsExactlyEntriesOf(expected);
    for (int i = 0; i < versions.size(); i++) {
      assertThat(contents(versions.get(i))).as("version %d", i).containsExactlyEntriesOf(expectedVersions.get(i));
    }
  }

  @Test
  void editorsOfRandomBatches_matchATreeMap_andLeaveEarlierVersionsUntouched() {
    Random random = new Random(7);
    PersistentMap<Integer, String> map = PersistentMap.empty();
    TreeMap<Integer, String> expected = new TreeMap<>();
    List<PersistentMap<Integer, String>> versions = new ArrayList<>();
    List<Map<Integer, String>> expectedVersions = new ArrayList<>();
    for (int batch = 0; batch < 200; batch++) {
      PersistentMap.Editor<Integer, String> editor = map.edit();
      int changes = random.nextInt(batch % 10 == 0 ? 400 : 20);
      for (int i = 0; i < changes; i++) {
        int key = random.nextInt(1000);
        if (random.nextInt(3) == 0) {
          editor.remove(key);
          expected.remove(key);
        } else {
          editor.put(key, "b" + batch + "." + i);
          expected.put(key, "b" + batch + "." + i);
        }
      }
      map = editor.done();
      versions.add(map);
      expectedVersions.add(new TreeMap<>(expected));
      assertThat(map.size()).isEqualTo(expected.size());
    }
    assertThat(contents(map)).containsExactlyEntriesOf(expected);
    for (int i = 0; i < versions.size(); i++) {
      assertThat(contents(versions.get(i))).as("version %d", i).containsExactlyEntriesOf(expectedVersions.get(i));
      assertThat(versions.get(i).size()).as("size of version %d", i).isEqualTo(expectedVersions.get(i).size());
    }
  }

  @Test
  void anEditorIsDoneOnce() {
    PersistentMap.Editor<Integer, String> editor = PersistentMap.<Integer, String>empty().edit();
    editor.put(1, "one");
    editor.done();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> editor.put(2, "two"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("handed out");
  }

  private static Map<Integer, String> contents(PersistentMap<Integer, String> map) {
    Map<Integer, String> out = new LinkedHashMap<>();
    map.forEach(out::put);
    return out;
  }
}
