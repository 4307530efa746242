package io.weft.driver.plan;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Which reduce partition a key goes to. */
public sealed interface Partitioner extends Serializable permits Partitioner.Hash, Partitioner.Range {
  int numPartitions();

  int partition(Object key);

  /** By the key's {@code hashCode} (keys need a hash code that is the same in every JVM, e.g. String). */
  record Hash(int numPartitions) implements Partitioner {
    public Hash {
      if (numPartitions < 1) {
        throw new IllegalArgumentException("number of partitions must be positive, got " + numPartitions);
      }
    }

    @Override
    public int partition(Object key) {
      return Math.floorMod(Objects.hashCode(key), numPartitions);
    }
  }

  /** By ranges of comparable keys: partition i holds keys between bound i-1 and bound i. */
  record Range(List<Object> bounds, boolean ascending) implements Partitioner {
    public Range {
      bounds = List.copyOf(bounds);
    }

    @Override
    public int numPartitions() {
      return bounds.size() + 1;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public int partition(Object key) {
      int found = Collections.binarySearch(bounds, key, (a, b) -> ((Comparable) a).compareTo(b));
      int index = found >= 0 ? found : -found - 1;
      return ascending ? index : bounds.size() - index;
    }
  }
}
