package io.weft.bench;

/**
 * Round trips of heartbeats sent inside a measurement window (set with {@link #window}); the others
 * are not kept. Thread-safe: every simulated NM's answers arrive on the client's event loop threads.
 */
final class HeartbeatLatencies {
  /** Keeps nothing. */
  static final HeartbeatLatencies NONE = new HeartbeatLatencies();

  private final LongList values = new LongList();
  private volatile long from = Long.MAX_VALUE;
  private volatile long to = Long.MAX_VALUE;

  /** Keeps the heartbeats sent from {@code fromNanos} (inclusive) to {@code toNanos} (exclusive), in System.nanoTime. */
  void window(long fromNanos, long toNanos) {
    to = toNanos;
    from = fromNanos;
  }

  void record(long sentNanos, long answeredNanos) {
    if (this != NONE && sentNanos >= from && sentNanos < to) {
      synchronized (this) {
        values.add(answeredNanos - sentNanos);
      }
    }
  }

  /** The kept round trips in nanoseconds, sorted. */
  synchronized long[] sorted() {
    long[] all = values.toArray();
    java.util.Arrays.sort(all);
    return all;
  }
}
