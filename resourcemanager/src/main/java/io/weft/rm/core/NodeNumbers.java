package io.weft.rm.core;

import io.weft.common.id.NodeId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A small number for every node the RM knows, so that a set of nodes can be kept as bits: an application
 * notes the node of every container it starts, and a hash set of node ids per application, one probe per
 * container into tables spread over the heap, was a fifteenth of the core's time. A node keeps its number
 * across re-registrations; a forgotten node's number goes to the next new node, so numbers stay as few as
 * the nodes held (an application that ended after its node was forgotten may then clean up on the node
 * that took the number, which an NM ignores for an application it does not know). Core thread only.
 */
final class NodeNumbers {
  private final Map<NodeId, Integer> numbers = new HashMap<>();
  private final Deque<Integer> free = new ArrayDeque<>();
  private int next;

  /** The number of {@code node}, given it now if it has none. */
  int of(NodeId node) {
    Integer known = numbers.get(node);
    if (known != null) {
      return known;
    }
    int number = free.isEmpty() ? next++ : free.pop();
    numbers.put(node, number);
    return number;
  }

  /** Frees the number of {@code node} for the next new node; returns it, or -1 when the node had none. */
  int forget(NodeId node) {
    Integer number = numbers.remove(node);
    if (number == null) {
      return -1;
    }
    free.push(number);
    return number;
  }
}
