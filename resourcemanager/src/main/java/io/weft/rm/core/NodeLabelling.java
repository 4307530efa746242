package io.weft.rm.core;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import io.weft.rm.node.NodeLabels;
import io.weft.rm.queue.QueueSpec;
import io.weft.rm.store.StateStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The {@code rmadmin} label commands on the core loop: each change is validated, applied to the nodes (their
 * partitions, so the next pass places by them; the AMs of running applications hear of every node whose
 * label changed in their next Allocate answer) and saved to the state store; the caller's answer waits for the
 * save. Asks naming a label are checked here too.
 */
final class NodeLabelling {
  private static final Logger LOG = LogManager.getLogger();
  private final ClusterState state;
  private final StateStore store;
  private final Runnable requestSchedule;

  NodeLabelling(ClusterState state, StateStore store, Runnable requestSchedule) {
    this.state = requireNonNull(state);
    this.store = requireNonNull(store);
    this.requestSchedule = requireNonNull(requestSchedule);
  }

  /** What the store held, applied before the RM serves (nothing is saved). */
  void restore(NodeLabels saved) {
    state.relabel(saved);
  }

  CompletableFuture<NodeLabels> add(Collection<NodeLabels.Label> labels) {
    return change("added " + labels, l -> l.add(labels));
  }

  /** Refused while a queue names the label in its accessible-node-labels, as YARN does. */
  CompletableFuture<NodeLabels> remove(Collection<String> names) {
    for (String name : names) {
      for (QueueSpec q : allQueues(state.queues.root())) {
        if (q.labels().accessible().contains(name)) {
          throw WeftException.failedPrecondition("node label " + name + " cannot be removed: queue " + q.path()
              + " lists it in accessible-node-labels; take it off the queue configuration and refresh the queues "
              + "first");
        }
      }
    }
    return change("removed " + names, l -> l.remove(names));
  }

  CompletableFuture<NodeLabels> replace(Map<String, Set<String>> byNode) {
    return change("replaced labels on " + byNode, l -> l.replace(byNode));
  }

  private CompletableFuture<NodeLabels> change(String what, UnaryOperator<NodeLabels> how) {
    NodeLabels next = how.apply(state.labels());
    state.relabel(next);
    requestSchedule.run();
    LOG.info("node labels {}: cluster labels {}, nodes {}", what, next.names(), next.nodes());
    return store.storeNodeLabels(next).thenApply(v -> next);
  }

  /**
   * The partition an ask of {@code queue} goes to: its label expression, or the queue's
   * default-node-label-expression when it has none; refused (INVALID_ARGUMENT) when the label is not a cluster
   * label or the queue may not use it.
   */
  String partitionFor(String expression, QueueSpec queue) {
    String label = expression == null ? "" : expression.strip();
    if (label.isEmpty()) {
      label = queue.labels().defaultExpression();
    }
    if (label.isEmpty()) {
      return label;
    }
    if (label.contains("&&") || label.contains("||") || label.contains(",") || label.contains(" ")) {
      throw WeftException.invalidArgument("node label expression '" + label + "' is refused: an ask names one "
          + "label (YARN's partitions), not a combination");
    }
    if (!state.labels().exists(label)) {
      throw WeftException.invalidArgument("node label expression '" + label + "' names no cluster node label "
          + "(cluster labels: " + (state.labels().names().isEmpty() ? "none" : String.join(",",
          state.labels().names())) + ")");
    }
    if (!queue.labels().mayUse(label)) {
      throw WeftException.invalidArgument("queue " + queue.path() + " may not use node label " + label
          + " (its accessible-node-labels: " + (queue.labels().accessible().isEmpty() ? "none"
          : queue.labels().describe()) + "); set " + "weft.scheduler.capacity." + queue.path()
          + ".accessible-node-labels");
    }
    return label;
  }

  private static List<QueueSpec> allQueues(QueueSpec root) {
    List<QueueSpec> out = new java.util.ArrayList<>();
    out.add(root);
    root.children().forEach(c -> out.addAll(allQueues(c)));
    return out;
  }
}
