package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiConsumer;

/**
 * An immutable sorted map in which {@link #put} and {@link #remove} return a new map sharing all but
 * O(log n) nodes with the old one (a treap with path copying; each key's priority is a hash of the
 * key, so the shape, and the cost, do not depend on the order of updates). It is what lets the RM
 * core publish a snapshot after each batch at a cost proportional to what the batch changed, while
 * readers keep using the maps of earlier snapshots untouched.
 *
 * <p>Many changes at once go through an {@link Editor}: the nodes it copies are its own until it
 * hands out the new map, so a later change on the same path changes them in place instead of
 * copying them again. A batch of k changes then copies the paths' common top once, not k times (a
 * filling cluster changes thousands of nodes and containers per batch).
 */
final class PersistentMap<K extends Comparable<K>, V> {
  /**
   * A tree node; {@code owner} is the editor that made it and alone may change it until that editor is done (null
   * for a node made by a single put or remove).
   */
  private static final class Node<K, V> {
    final K key;
    V value;
    final int priority;
    Node<K, V> left;
    Node<K, V> right;
    int size;
    final Editor<?, ?> owner;

    Node(K key, V value, int priority, Node<K, V> left, Node<K, V> right, Editor<?, ?> owner) {
      this.key = key;
      this.value = value;
      this.priority = priority;
      this.left = left;
      this.right = right;
      this.size = 1 + sizeOf(left) + sizeOf(right);
      this.owner = owner;
    }

    /** This node with other children: itself, changed, when {@code editor} owns it; else a copy. */
    Node<K, V> with(Node<K, V> newLeft, Node<K, V> newRight, Editor<?, ?> editor) {
      if (editor != null && owner == editor) {
        left = newLeft;
        right = newRight;
        size = 1 + sizeOf(newLeft) + sizeOf(newRight);
        return this;
      }
      return new Node<>(key, value, priority, newLeft, newRight, editor);
    }
  }

  /**
   * Applies many changes to a map and then hands out the result once ({@link #done}). Confined to one
   * thread; the map it started from, and every other map, stay as they were.
   */
  static final class Editor<K extends Comparable<K>, V> {
    private Node<K, V> root;
    private boolean done;

    private Editor(Node<K, V> root) {
      this.root = root;
    }

    void put(K key, V value) {
      requireNonNull(value);
      open();
      root = insert(root, requireNonNull(key), value, priorityOf(key), this);
    }

    void remove(K key) {
      open();
      root = delete(root, key, this);
    }

    /** The map with every change applied; the editor may not be used after. */
    PersistentMap<K, V> done() {
      open();
      done = true;
      Node<K, V> result = root;
      // Its nodes keep pointing at this editor: holding the root too would keep this version, and through its
      // nodes' editors every earlier one, alive as long as any of its nodes is.
      root = null;
      return new PersistentMap<>(result);
    }

    private void open() {
      if (done) {
        throw new IllegalStateException("this editor has handed out its map already");
      }
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

  /** An editor starting from this map. */
  Editor<K, V> edit() {
    return new Editor<>(root);
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
    return new PersistentMap<>(insert(root, requireNonNull(key), value, priorityOf(key), null));
  }

  PersistentMap<K, V> remove(K key) {
    Node<K, V> next = delete(root, key, null);
    return next == root ? this : new PersistentMap<>(next);
  }

  /** Every entry, in key order. */
  void forEach(BiConsumer<K, V> action) {
    Deque<Node<K, V>> path = new ArrayDeque<>();
    for (Node<K, V> n = root; n != null; n = n.left) {
      path.push(n);
    }
    while (!path.isEmpty()) {
      Node<K, V> next = path.pop();
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

  private static <K extends Comparable<K>, V> Node<K, V> insert(Node<K, V> n, K key, V value, int priority,
      Editor<K, V> editor) {
    if (n == null) {
      return new Node<>(key, value, priority, null, null, editor);
    }
    int c = key.compareTo(n.key);
    if (c == 0) {
      if (editor != null && n.owner == editor) {
        n.value = value;
        return n;
      }
      return new Node<>(key, value, n.priority, n.left, n.right, editor);
    }
    if (c < 0) {
      Node<K, V> left = insert(n.left, key, value, priority, editor);
      if (left.priority > n.priority) { // rotate right
        return left.with(left.left, n.with(left.right, n.right, editor), editor);
      }
      return n.with(left, n.right, editor);
    }
    Node<K, V> right = insert(n.right, key, value, priority, editor);
    if (right.priority > n.priority) { // rotate left
      return right.with(n.with(n.left, right.left, editor), right.right, editor);
    }
    return n.with(n.left, right, editor);
  }

  private static <K extends Comparable<K>, V> Node<K, V> delete(Node<K, V> n, K key, Editor<K, V> editor) {
    if (n == null) {
      return null;
    }
    int c = key.compareTo(n.key);
    if (c == 0) {
      return merge(n.left, n.right, editor);
    }
    if (c < 0) {
      Node<K, V> left = delete(n.left, key, editor);
      return unchanged(left, n.left, editor) ? n : n.with(left, n.right, editor);
    }
    Node<K, V> right = delete(n.right, key, editor);
    return unchanged(right, n.right, editor) ? n : n.with(n.left, right, editor);
  }

  /**
   * True when a deletion below left the child as it was: the same node, and not one the editor owns
   * (a node it owns may have lost a descendant in place, so the parent's size is recounted).
   */
  private static boolean unchanged(Node<?, ?> child, Node<?, ?> before, Editor<?, ?> editor) {
    return child == before && (child == null || editor == null || child.owner != editor);
  }

  /** Joins two treaps whose keys are all less in {@code a} than in {@code b}. */
  private static <K extends Comparable<K>, V> Node<K, V> merge(Node<K, V> a, Node<K, V> b, Editor<K, V> editor) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.priority > b.priority) {
      return a.with(a.left, merge(a.right, b, editor), editor);
    }
    return b.with(merge(a, b.left, editor), b.right, editor);
  }
}
