package io.weft.rm.core;

import io.weft.common.id.NodeId;
import io.weft.rm.node.RmNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The nodes changed since last drained, each with its record as it is now (null once forgotten), for re-filing
 * them in the scheduler's index once per batch. Keeping the record saves a lookup by id per node re-filed, a
 * probe into a table of every node that was a twentieth of the core's time. Drained like {@link ChangedIds}: the
 * map is handed over and a new one sized like it started. Confined to the core's thread.
 */
final class ChangedNodes {
  private Map<NodeId, RmNode> nodes = new HashMap<>();

  /** Notes that {@code id} changed; {@code now} is its current record, or null when the RM no longer has it. */
  void add(NodeId id, RmNode now) {
    nodes.put(id, now);
  }

  boolean isEmpty() {
    return nodes.isEmpty();
  }

  /** The ids now, read-only (changes as nodes are added, until drained). */
  Set<NodeId> view() {
    return Collections.unmodifiableSet(nodes.keySet());
  }

  /** The nodes changed since the last drain; the caller owns the map, and this starts empty again. */
  Map<NodeId, RmNode> drain() {
    Map<NodeId, RmNode> out = nodes;
    nodes = new HashMap<>(ChangedIds.capacityLike(out.size()));
    return out;
  }
}
