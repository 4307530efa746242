package io.weft.rm.scheduler;

import java.util.Arrays;

/**
 * A mutable sorted map from non-negative longs to values, kept as a row of chunks, each a sorted array of at most
 * {@link #CHUNK} keys beside its values. The node index re-files a node on every tentative take, rollback and
 * commit; in a red-black tree of ten thousand nodes each of those chased a dozen pointers spread over the heap
 * and was a quarter of the core's time. Here a search is two binary searches over arrays that stay in cache, and
 * a change shifts part of one chunk. The "no key" answer of the key queries is {@link #NONE}. Not thread-safe.
 */
final class ChunkedLongMap<V> {
  static final long NONE = -1;
  static final int CHUNK = 128;

  private long[] firstKeys = new long[4];
  private long[][] keys = new long[4][];
  private Object[][] values = new Object[4][];
  private int[] sizes = new int[4];
  private int chunks;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The value at {@code key}, or null. */
  @SuppressWarnings("unchecked")
  V get(long key) {
    int c = chunkFor(key);
    if (c < 0) {
      return null;
    }
    int at = Arrays.binarySearch(keys[c], 0, sizes[c], key);
    return at < 0 ? null : (V) values[c][at];
  }

  /** Files {@code value} at {@code key}, replacing what was there. */
  void put(long key, V value) {
    if (key < 0) {
      throw new IllegalArgumentException("a key must not be negative: " + key);
    }
    if (chunks == 0) {
      insertChunk(0, new long[CHUNK], new Object[CHUNK], 0);
    }
    int c = Math.max(chunkFor(key), 0);
    int at = Arrays.binarySearch(keys[c], 0, sizes[c], key);
    if (at >= 0) {
      values[c][at] = value;
      return;
    }
    at = -at - 1;
    if (sizes[c] == CHUNK) {
      split(c);
      if (at > CHUNK / 2) {
        at -= CHUNK / 2;
        c++;
      }
    }
    int n = sizes[c];
    System.arraycopy(keys[c], at, keys[c], at + 1, n - at);
    System.arraycopy(values[c], at, values[c], at + 1, n - at);
    keys[c][at] = key;
    values[c][at] = value;
    sizes[c] = n + 1;
    firstKeys[c] = keys[c][0];
    size++;
  }

  /** Takes {@code key} out; false when it was not there. */
  boolean remove(long key) {
    int c = chunkFor(key);
    if (c < 0) {
      return false;
    }
    int at = Arrays.binarySearch(keys[c], 0, sizes[c], key);
    if (at < 0) {
      return false;
    }
    int n = sizes[c] - 1;
    System.arraycopy(keys[c], at + 1, keys[c], at, n - at);
    System.arraycopy(values[c], at + 1, values[c], at, n - at);
    values[c][n] = null;
    sizes[c] = n;
    size--;
    if (n == 0) {
      removeChunk(c);
    } else {
      firstKeys[c] = keys[c][0];
      if (c + 1 < chunks && n + sizes[c + 1] <= CHUNK / 2) {
        mergeWithNext(c); // keeps chunks at least a quarter full on average, so the row stays short
      }
    }
    return true;
  }

  /** The greatest key, or {@link #NONE}. */
  long lastKey() {
    return chunks == 0 ? NONE : keys[chunks - 1][sizes[chunks - 1] - 1];
  }

  /** The least key at or above {@code key}, or {@link #NONE}. */
  long ceilingKey(long key) {
    return keyAtOrAfter(key, false);
  }

  /** The least key above {@code key}, or {@link #NONE}. */
  long higherKey(long key) {
    return keyAtOrAfter(key, true);
  }

  /** The greatest key below {@code key}, or {@link #NONE}. */
  long lowerKey(long key) {
    int c = chunkFor(key);
    if (c < 0) {
      return NONE;
    }
    int at = Arrays.binarySearch(keys[c], 0, sizes[c], key);
    int before = (at >= 0 ? at : -at - 1) - 1;
    if (before >= 0) {
      return keys[c][before];
    }
    return c == 0 ? NONE : keys[c - 1][sizes[c - 1] - 1];
  }

  private long keyAtOrAfter(long key, boolean strictly) {
    if (chunks == 0) {
      return NONE;
    }
    int c = Math.max(chunkFor(key), 0);
    int at = Arrays.binarySearch(keys[c], 0, sizes[c], key);
    int next = at >= 0 ? (strictly ? at + 1 : at) : -at - 1;
    if (next < sizes[c]) {
      return keys[c][next];
    }
    return c + 1 < chunks ? firstKeys[c + 1] : NONE;
  }

  /** The chunk whose range holds {@code key}: the last whose first key is at most it; -1 when before them all. */
  private int chunkFor(long key) {
    int at = Arrays.binarySearch(firstKeys, 0, chunks, key);
    return at >= 0 ? at : -at - 2;
  }

  private void split(int c) {
    long[] upperKeys = new long[CHUNK];
    Object[] upperValues = new Object[CHUNK];
    int half = CHUNK / 2;
    System.arraycopy(keys[c], half, upperKeys, 0, CHUNK - half);
    System.arraycopy(values[c], half, upperValues, 0, CHUNK - half);
    Arrays.fill(values[c], half, CHUNK, null);
    sizes[c] = half;
    insertChunk(c + 1, upperKeys, upperValues, CHUNK - half);
  }

  private void mergeWithNext(int c) {
    int n = sizes[c];
    int m = sizes[c + 1];
    System.arraycopy(keys[c + 1], 0, keys[c], n, m);
    System.arraycopy(values[c + 1], 0, values[c], n, m);
    sizes[c] = n + m;
    removeChunk(c + 1);
  }

  private void insertChunk(int c, long[] chunkKeys, Object[] chunkValues, int chunkSize) {
    if (chunks == keys.length) {
      int grown = chunks * 2;
      firstKeys = Arrays.copyOf(firstKeys, grown);
      keys = Arrays.copyOf(keys, grown);
      values = Arrays.copyOf(values, grown);
      sizes = Arrays.copyOf(sizes, grown);
    }
    int after = chunks - c;
    System.arraycopy(firstKeys, c, firstKeys, c + 1, after);
    System.arraycopy(keys, c, keys, c + 1, after);
    System.arraycopy(values, c, values, c + 1, after);
    System.arraycopy(sizes, c, sizes, c + 1, after);
    keys[c] = chunkKeys;
    values[c] = chunkValues;
    sizes[c] = chunkSize;
    firstKeys[c] = chunkSize == 0 ? 0 : chunkKeys[0];
    chunks++;
  }

  private void removeChunk(int c) {
    int after = chunks - c - 1;
    System.arraycopy(firstKeys, c + 1, firstKeys, c, after);
    System.arraycopy(keys, c + 1, keys, c, after);
    System.arraycopy(values, c + 1, values, c, after);
    System.arraycopy(sizes, c + 1, sizes, c, after);
    chunks--;
    keys[chunks] = null;
    values[chunks] = null;
  }

  @Override
  public String toString() {
    return size + " keys in " + chunks + " chunks";
  }
}
