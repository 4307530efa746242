package io.weft.driver;

import java.io.Serializable;

/** A key and a value: the element type of keyed datasets ({@link PairDataset}). */
public record Pair<K, V>(K key, V value) implements Serializable {
  public static <K, V> Pair<K, V> of(K key, V value) {
    return new Pair<>(key, value);
  }

  /** {@code key<TAB>value}, the line {@link PairDataset#saveAsTextFile} writes. */
  @Override
  public String toString() {
    return key + "\t" + value;
  }
}
