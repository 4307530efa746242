package io.weft.rm.core;

import java.util.Arrays;

/**
 * The numbers ({@link NodeNumbers}) of the nodes whose report changed since the last drain, each once however
 * often it changed: a node's report changes with every heartbeat and with every container placed on it or
 * ended, and the snapshot reads the node as it is when it is published. A flag per number, not a hash set of
 * node ids, since the RM notes one at every heartbeat. Core thread only.
 */
final class NodeReportChanges {
  /** Per node number, the drain it was last noted in (numbered from 1; 0 = never). */
  private long[] notedIn = new long[64];
  private int[] noted = new int[64];
  private int size;
  private long drain = 1;

  void add(int number) {
    if (number >= notedIn.length) {
      notedIn = Arrays.copyOf(notedIn, Math.max(number + 1, notedIn.length * 2));
    }
    if (notedIn[number] == drain) {
      return;
    }
    notedIn[number] = drain;
    if (size == noted.length) {
      noted = Arrays.copyOf(noted, size * 2);
    }
    noted[size++] = number;
  }

  /** The numbers noted since the last drain, in the order first noted; starts afresh. */
  int[] drain() {
    int[] out = Arrays.copyOf(noted, size);
    size = 0;
    drain++;
    return out;
  }
}
