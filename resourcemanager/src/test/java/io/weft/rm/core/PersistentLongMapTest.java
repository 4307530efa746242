package io.weft.rm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The chunked map behaves as a sorted map of longs, and every earlier version stays as it was. */
class PersistentLongMapTest {

  /** Random keys: chunks fill, split in the middle, empty and merge with their neighbours. */
  @Test
  void editorsOfRandomBatches_matchATreeMap_andLeaveEarlierVersionsUntouched() {
    Random random = new Random(11);
    History history = new History();
    for (int batch = 0; batch < 300; batch++) {
      PersistentLongMap.Editor<String> editor = history.map.edit();
      int changes = random.nextInt(batch % 10 == 0 ? 600 : 40);
      for (int i = 0; i < changes; i++) {
        long key = random.nextInt(2000) - 1000L;
        if (batch < 150 ? random.nextInt(3) == 0 : random.nextInt(5) > 0) { // grows, then shrinks
          history.remove(editor, key);
        } else {
          history.put(editor, key, "b" + batch + "." + i);
        }
      }
      history.done(editor);
    }
    history.checkEveryVersion();
  }

  /** The RM's pattern: new numbers appended, the oldest removed, recent ones changed in place. */
  @Test
  void appendingAtTheEnd_andRemovingTheOldest_matchATreeMap() {
    Random random = new Random(5);
    History history = new History();
    long next = 1;
    for (int batch = 0; batch < 400; batch++) {
      PersistentLongMap.Editor<String> editor = history.map.edit();
      int added = random.nextInt(150);
      for (int i = 0; i < added; i++) {
        history.put(editor, next++, "new in " + batch);
      }
      for (int i = 0; i < 3 && !history.expected.isEmpty(); i++) {
        long recent = history.expected.lastKey() - random.nextInt(history.expected.size());
        if (history.expected.containsKey(recent)) {
          history.put(editor, recent, "changed in " + batch);
        }
      }
      for (int i = random.nextInt(150); i > 0 && !history.expected.isEmpty(); i--) {
        history.remove(editor, history.expected.firstKey());
      }
      history.done(editor);
    }
    history.checkEveryVersion();
  }

  @Test
  void removingWhatIsNotThere_changesNothing() {
    PersistentLongMap.Editor<String> editor = PersistentLongMap.<String>empty().edit();
    editor.remove(3);
    editor.put(1, "one");
    editor.remove(2);
    editor.remove(-5);

    PersistentLongMap<String> map = editor.done();

    assertThat(values(map)).containsExactly("one");
    assertThat(map.size()).isEqualTo(1);
  }

  /**
   * A new version keeps nothing of what it replaced: chunks an editor made point back at it, so an editor that kept
   * its array would keep that whole version alive.
   */
  @Test
  void aNewVersion_keepsNoValueTheOldOneHeld() {
    PersistentLongMap.Editor<Object> first = PersistentLongMap.empty().edit();
    Object replaced = new Object();
    WeakReference<Object> replacedRef = new WeakReference<>(replaced);
    first.put(0, replaced);
    for (long key = 1; key < 200; key++) {
      first.put(key, "unchanged " + key);
    }
    PersistentLongMap<Object> old = first.done();
    PersistentLongMap.Editor<Object> second = old.edit();
    second.put(0, "new");
    PersistentLongMap<Object> current = second.done();
    replaced = null;
    old = null;
    first = null;
    second = null;

    Collected.await(replacedRef);
    List<Object> values = new ArrayList<>();
    current.forEach(values::add);
    assertThat(values).hasSize(200).startsWith("new", "unchanged 1").endsWith("unchanged 199");
  }

  @Test
  void anEditorIsDoneOnce() {
    PersistentLongMap.Editor<String> editor = PersistentLongMap.<String>empty().edit();
    editor.put(1, "one");
    editor.done();

    assertThatThrownBy(() -> editor.put(2, "two")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("handed out");
  }

  /** Every version made, beside what a TreeMap held at the time; values name their key, so order shows. */
  private static final class History {
    PersistentLongMap<String> map = PersistentLongMap.empty();
    final TreeMap<Long, String> expected = new TreeMap<>();
    private final List<PersistentLongMap<String>> versions = new ArrayList<>();
    private final List<List<String>> expectedVersions = new ArrayList<>();

    void put(PersistentLongMap.Editor<String> editor, long key, String tag) {
      editor.put(key, key + "=" + tag);
      expected.put(key, key + "=" + tag);
    }

    void remove(PersistentLongMap.Editor<String> editor, long key) {
      editor.remove(key);
      expected.remove(key);
    }

    void done(PersistentLongMap.Editor<String> editor) {
      map = editor.done();
      versions.add(map);
      expectedVersions.add(List.copyOf(expected.values()));
      assertThat(map.size()).isEqualTo(expected.size());
    }

    void checkEveryVersion() {
      for (int i = 0; i < versions.size(); i++) {
        assertThat(values(versions.get(i))).as("version %d", i).containsExactlyElementsOf(expectedVersions.get(i));
        assertThat(versions.get(i).size()).as("size of version %d", i).isEqualTo(expectedVersions.get(i).size());
      }
    }
  }

  private static List<String> values(PersistentLongMap<String> map) {
    List<String> out = new ArrayList<>();
    map.forEach(out::add);
    return out;
  }
}
