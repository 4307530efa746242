package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An immutable map from long keys to values, in key order, kept as a sorted array of chunks of at most
 * {@link #CHUNK} entries each. An {@link Editor} copies the array of chunks once and each chunk it changes
 * once, then changes its copies in place, so a batch of changes costs about the chunks it touches, and the
 * maps handed out before share every other chunk.
 *
 * <p>It files the RM snapshots' node reports by node number ({@link NodeNumbers}) and each attempt's containers by
 * number (see {@link SnapshotContainers}). A {@link PersistentMap} did that before: each change copied a path of
 * a dozen tree nodes, each reached through a boxed key or a node id compared as text; containers change in runs at
 * both ends (new numbers appended, the oldest forgotten), and a busy batch changes most nodes' reports, where a
 * chunk takes them with an array copy.
 */
final class PersistentLongMap<V> {
  static final int CHUNK = 64;
  private static final PersistentLongMap<?> EMPTY = new PersistentLongMap<>(new Chunk[0], 0, 0);

  /**
   * Sorted keys and their values at {@code start} (inclusive) to {@code end}; changed in place only by the editor
   * that made it. The entries need not start at 0, so taking the first one, as forgetting the oldest container
   * does, moves nothing.
   */
  private static final class Chunk {
    final long[] keys;
    final Object[] values;
    int start;
    int end;
    final Editor<?> owner;

    Chunk(long[] keys, Object[] values, int start, int end, Editor<?> owner) {
      this.keys = keys;
      this.values = values;
      this.start = start;
      this.end = end;
      this.owner = owner;
    }

    static Chunk empty(Editor<?> owner) {
      return new Chunk(new long[CHUNK], new Object[CHUNK], 0, 0, owner);
    }

    Chunk ownedBy(Editor<?> editor) {
      return owner == editor ? this
          : new Chunk(Arrays.copyOf(keys, CHUNK), Arrays.copyOf(values, CHUNK), start, end, editor);
    }

    int size() {
      return end - start;
    }

    long last() {
      return keys[end - 1];
    }

    /** The index of {@code key}, or (-(where it would go) - 1), as {@link Arrays#binarySearch}. */
    int find(long key) {
      return Arrays.binarySearch(keys, start, end, key);
    }

    /** Inserts at index {@code i} (start to end), moving the entries after it up, or at the top those before down. */
    void insertAt(int i, long key, Object value) {
      if (end < CHUNK) {
        System.arraycopy(keys, i, keys, i + 1, end - i);
        System.arraycopy(values, i, values, i + 1, end - i);
        end++;
      } else {
        System.arraycopy(keys, start, keys, start - 1, i - start);
        System.arraycopy(values, start, values, start - 1, i - start);
        start--;
        i--;
      }
      keys[i] = key;
      values[i] = value;
    }

    void removeAt(int i) {
      if (i == start) {
        values[start++] = null;
        return;
      }
      System.arraycopy(keys, i + 1, keys, i, end - i - 1);
      System.arraycopy(values, i + 1, values, i, end - i - 1);
      values[--end] = null;
    }

    /** Moves its entries from index {@code from} on to the end of {@code to}; both are the caller's to change. */
    void moveTail(int from, Chunk to) {
      to.append(this, from);
      Arrays.fill(values, from, end, null);
      end = from;
    }

    /** Appends the entries of {@code other} from index {@code from} on, leaving {@code other} as it was. */
    void append(Chunk other, int from) {
      int n = other.end - from;
      if (end + n > CHUNK) { // make room: the entries to the bottom
        int size = size();
        System.arraycopy(keys, start, keys, 0, size);
        System.arraycopy(values, start, values, 0, size);
        Arrays.fill(values, size, end, null);
        start = 0;
        end = size;
      }
      System.arraycopy(other.keys, from, keys, end, n);
      System.arraycopy(other.values, from, values, end, n);
      end += n;
    }
  }

  private final Chunk[] chunks;
  private final int count;
  private final int size;

  private PersistentLongMap(Chunk[] chunks, int count, int size) {
    this.chunks = chunks;
    this.count = count;
    this.size = size;
  }

  @SuppressWarnings("unchecked")
  static <V> PersistentLongMap<V> empty() {
    return (PersistentLongMap<V>) EMPTY;
  }

  int size() {
    return size;
  }

  /** Every value, in key order. */
  @SuppressWarnings("unchecked")
  void forEach(Consumer<V> action) {
    for (int c = 0; c < count; c++) {
      Chunk chunk = chunks[c];
      for (int i = chunk.start; i < chunk.end; i++) {
        action.accept((V) chunk.values[i]);
      }
    }
  }

  /** An editor starting from this map. */
  Editor<V> edit() {
    return new Editor<>(this);
  }

  /** The first chunk whose last key is at least {@code key}; {@code count} when every chunk ends before it. */
  private static int chunkFor(Chunk[] chunks, int count, long key) {
    int low = 0;
    int high = count;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (chunks[mid].last() < key) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /**
   * Applies many changes to a map and then hands out the result once ({@link #done}). Confined to one thread; the
   * map it started from, and every other map, stay as they were.
   */
  static final class Editor<V> {
    private Chunk[] chunks;
    private int count;
    private int size;
    /** Whether {@link #chunks} is this editor's own copy yet. */
    private boolean ownArray;
    private boolean done;

    private Editor(PersistentLongMap<V> from) {
      this.chunks = from.chunks;
      this.count = from.count;
      this.size = from.size;
    }

    void put(long key, V value) {
      requireNonNull(value);
      open();
      int c = chunkFor(chunks, count, key);
      if (c == count) { // after every key: at the end of the last chunk, or in a new one
        if (count > 0 && chunks[count - 1].size() < CHUNK) {
          Chunk last = own(count - 1);
          last.insertAt(last.end, key, value);
        } else {
          Chunk fresh = Chunk.empty(this);
          fresh.insertAt(0, key, value);
          insertChunk(count, fresh);
        }
        size++;
        return;
      }
      int i = chunks[c].find(key);
      if (i >= 0) {
        own(c).values[i] = value;
        return;
      }
      int at = -i - 1;
      Chunk chunk = own(c);
      if (chunk.size() == CHUNK) { // split in halves, then insert into the half the key falls in
        Chunk upper = Chunk.empty(this);
        int middle = chunk.start + CHUNK / 2;
        chunk.moveTail(middle, upper);
        insertChunk(c + 1, upper);
        if (at > middle) {
          chunk = upper;
          at -= middle;
        }
      }
      chunk.insertAt(at, key, value);
      size++;
    }

    void remove(long key) {
      open();
      int c = chunkFor(chunks, count, key);
      if (c == count) {
        return;
      }
      int i = chunks[c].find(key);
      if (i < 0) {
        return;
      }
      Chunk chunk = own(c);
      chunk.removeAt(i);
      size--;
      if (chunk.size() == 0) {
        removeChunk(c);
      } else if (c + 1 < count && chunk.size() + chunks[c + 1].size() <= CHUNK / 2) {
        chunk.append(chunks[c + 1], chunks[c + 1].start); // the next one may be shared: copied from, then dropped
        removeChunk(c + 1);
      }
    }

    /** The map with every change applied; the editor may not be used after. */
    PersistentLongMap<V> done() {
      open();
      done = true;
      PersistentLongMap<V> result = new PersistentLongMap<>(chunks, count, size);
      // Its chunks keep pointing at this editor: holding the array too would keep this version alive through them.
      chunks = null;
      return result;
    }

    private Chunk own(int c) {
      ownArray();
      Chunk owned = chunks[c].ownedBy(this);
      chunks[c] = owned;
      return owned;
    }

    private void ownArray() {
      if (!ownArray) {
        chunks = Arrays.copyOf(chunks, Math.max(4, count + 1));
        ownArray = true;
      }
    }

    private void insertChunk(int at, Chunk chunk) {
      ownArray();
      if (count == chunks.length) {
        chunks = Arrays.copyOf(chunks, count * 2);
      }
      System.arraycopy(chunks, at, chunks, at + 1, count - at);
      chunks[at] = chunk;
      count++;
    }

    private void removeChunk(int at) {
      ownArray();
      System.arraycopy(chunks, at + 1, chunks, at, count - at - 1);
      chunks[--count] = null;
    }

    private void open() {
      if (done) {
        throw new IllegalStateException("this editor has handed out its map already");
      }
    }
  }
}
