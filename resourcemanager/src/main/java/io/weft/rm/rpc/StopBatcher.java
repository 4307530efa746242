package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Coalesces the RM's container stops per node: at most one StopContainers call per node is in
 * flight, and the stops that arrive meanwhile go out together when it answers. An idle node gets a
 * stop at once; a busy one gets one call per round trip instead of one per Allocate that released
 * something on it (which made stops the most frequent RPC of an AM churning containers).
 */
final class StopBatcher {
  /** One StopContainers call: containers of one node with the same exit status and diagnostics. */
  record Stop(NodeId node, List<ContainerId> containers, int exitStatus, String diagnostics) {}

  /** Sends one call; the future completes (normally or not) when the node has answered. */
  interface Sender {
    CompletableFuture<Void> send(Stop stop);
  }

  private record Reason(int exitStatus, String diagnostics) {}

  private final Sender sender;
  private final Map<NodeId, NodeQueue> queues = new ConcurrentHashMap<>();

  StopBatcher(Sender sender) {
    this.sender = requireNonNull(sender);
  }

  void stop(NodeId node, List<ContainerId> containers, int exitStatus, String diagnostics) {
    NodeQueue queue = queues.computeIfAbsent(node, NodeQueue::new);
    List<Stop> toSend;
    synchronized (queue) {
      queue.pending.computeIfAbsent(new Reason(exitStatus, diagnostics), r -> new ArrayList<>()).addAll(containers);
      if (queue.inFlight) {
        return;
      }
      queue.inFlight = true;
      toSend = queue.drain();
    }
    send(queue, toSend);
  }

  private void send(NodeQueue queue, List<Stop> stops) {
    AtomicInteger outstanding = new AtomicInteger(stops.size());
    for (Stop stop : stops) {
      CompletableFuture<Void> answer;
      try {
        answer = sender.send(stop);
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e); // the sender logs; the queue must not stay blocked
      }
      answer.whenComplete((v, e) -> {
        if (outstanding.decrementAndGet() == 0) {
          answered(queue);
        }
      });
    }
  }

  private void answered(NodeQueue queue) {
    List<Stop> toSend;
    synchronized (queue) {
      if (queue.pending.isEmpty()) {
        queue.inFlight = false;
        return;
      }
      toSend = queue.drain();
    }
    send(queue, toSend);
  }

  private static final class NodeQueue {
    private final NodeId node;
    private final Map<Reason, List<ContainerId>> pending = new LinkedHashMap<>();
    private boolean inFlight;

    NodeQueue(NodeId node) {
      this.node = node;
    }

    /** The pending stops as calls, oldest reason first; leaves nothing pending. Caller holds the monitor. */
    List<Stop> drain() {
      List<Stop> stops = new ArrayList<>();
      pending.forEach((reason, ids) -> stops.add(new Stop(node, List.copyOf(ids), reason.exitStatus(),
          reason.diagnostics())));
      pending.clear();
      return stops;
    }
  }
}
