package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * An immutable sorted map in which {@link #put} and {@link #remove} return a new map sharing all but
 * O(log n) nodes with the old one (a treap with path copying; each key's priority is a hash of the
 * key, so the shape, and the cost, do not depend on the order of updates). It is what lets the RM
 * core publish a snapshot after each batch at a cost proportional to what the batch changed, while
 * readers keep using the maps of earlier snapshots untouched.
 */
final class PersistentMap<K extends Comparable<K>, V> {
  private record Node<K, V>(K key, V value, int priority, Node<K, V> left, Node<K, V> right, int size) {
    static <K, V> Node<K, V> of(K key, V value, int priority, Node<K, V> left, Node<K, V> right) {
      return new Node<>(key, value, priority, left, right, 1 + sizeOf(left) + sizeOf(right));
    }

    Node<K, V> with(Node<K, V> newLeft, Node<K, V> newRight) {
      return of(key, value, priority, newLeft, newRight);
    }
  }

  private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(null);
  private final Node<K, V> root;

  private PersistentMap(Node<K, V> root) {
    this.root = root;
  }

  @SuppressWarnings("unchecked")
  static <K extends Comparable<K>, V> PersistentMap<K, V> empty() {
    return (PersistentMap<K, V>) EMPTY;
  }

  int size() {
    return sizeOf(root);
  }

  V get(K key) {
    Node<K, V> n = root;
    while (n != null) {
      int c = key.compareTo(n.key);
      if (c == 0) {
        return n.value;
      }
      n = c < 0 ? n.left : n.right;
    }
    return null;
  }

  PersistentMap<K, V> put(K key, V value) {
    requireNonNull(value);
    return new PersistentMap<>(insert(root, requireNonNull(key), value, priorityOf(key)));
  }

  PersistentMap<K, V> remove(K key) {
    Node<K, V> next = delete(root, key);
    return next == root ? this : new PersistentMap<>(next);
  }

  /** Every entry, in key order. */
  void forEach(BiConsumer<K, V> action) {
    forEachFrom(null, k -> true, action);
  }

  /**
   * The entries from {@code from} (null = the first) in key order, while {@code within} holds for
   * the key: a range read costs O(log n + entries read).
   */
  void forEachFrom(K from, Predicate<K> within, BiConsumer<K, V> action) {
    Deque<Node<K, V>> path = new ArrayDeque<>();
    Node<K, V> n = root;
    while (n != null) {
      if (from == null || from.compareTo(n.key) <= 0) {
        path.push(n);
        n = n.left;
      } else {
        n = n.right;
      }
    }
    while (!path.isEmpty()) {
      Node<K, V> next = path.pop();
      if (!within.test(next.key)) {
        return;
      }
      action.accept(next.key, next.value);
      for (Node<K, V> m = next.right; m != null; m = m.left) {
        path.push(m);
      }
    }
  }

  private static int sizeOf(Node<?, ?> n) {
    return n == null ? 0 : n.size;
  }

  private static int priorityOf(Object key) {
    int h = key.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private static <K extends Comparable<K>, V> Node<K, V> insert(Node<K, V> n, K key, V value, int priority) {
    if (n == null) {
      return Node.of(key, value, priority, null, null);
    }
    int c = key.compareTo(n.key);
    if (c == 0) {
      return Node.of(key, value, n.priority, n.left, n.right);
    }
    if (c < 0) {
      Node<K, V> left = insert(n.left, key, value, priority);
      if (left.priority > n.priority) { // rotate right
        return left.with(left.left, n.with(left.right, n.right));
      }
      return n.with(left, n.right);
    }
    Node<K, V> right = insert(n.right, key, value, priority);
    if (right.priority > n.priority) { // rotate left
      return right.with(n.with(n.left, right.left), right.right);
    }
    return n.with(n.left, right);
  }

  private static <K extends Comparable<K>, V> Node<K, V> delete(Node<K, V> n, K key) {
    if (n == null) {
      return null;
    }
    int c = key.compareTo(n.key);
    if (c == 0) {
      return merge(n.left, n.right);
    }
    if (c < 0) {
      Node<K, V> left = delete(n.left, key);
      return left == n.left ? n : n.with(left, n.right);
    }
    Node<K, V> right = delete(n.right, key);
    return right == n.right ? n : n.with(n.left, right);
  }

  /** Joins two treaps whose keys are all less in {@code a} than in {@code b}. */
  private static <K extends Comparable<K>, V> Node<K, V> merge(Node<K, V> a, Node<K, V> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.priority > b.priority) {
      return a.with(a.left, merge(a.right, b));
    }
    return b.with(merge(a, b.left), b.right);
  }
}
