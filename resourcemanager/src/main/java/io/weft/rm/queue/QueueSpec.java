package io.weft.rm.queue;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One queue of a validated queue tree. Percentages are of the parent (0–100); absolute values are
 * fractions of the cluster (0–1), computed once by the parser.
 *
 * @param maxAmShare fraction (0–1) of the queue's guaranteed capacity its AM containers may hold
 * @param maxApplications 0 = no limit
 * @param labels the node labels (partitions) it may use and its share of each
 */
public record QueueSpec(String path, double capacity, double maximumCapacity, double absoluteCapacity,
    double absoluteMaximumCapacity, double userLimitFactor, int maxApplications, double maxAmShare,
    QueueState state, Acl submitAcl, Acl adminAcl, List<QueueSpec> children, NodeLabelAccess labels) {
  public QueueSpec {
    requireNonNull(path, "path");
    requireNonNull(labels, "labels");
    requireNonNull(state, "state");
    requireNonNull(submitAcl, "submitAcl");
    requireNonNull(adminAcl, "adminAcl");
    children = List.copyOf(children);
  }

  /** A queue that may use no node label. */
  public QueueSpec(String path, double capacity, double maximumCapacity, double absoluteCapacity,
      double absoluteMaximumCapacity, double userLimitFactor, int maxApplications, double maxAmShare,
      QueueState state, Acl submitAcl, Acl adminAcl, List<QueueSpec> children) {
    this(path, capacity, maximumCapacity, absoluteCapacity, absoluteMaximumCapacity, userLimitFactor, maxApplications,
        maxAmShare, state, submitAcl, adminAcl, children, NodeLabelAccess.NONE);
  }

  /** The last path element: {@code analytics} for {@code root.analytics}. */
  public String name() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  public boolean isLeaf() {
    return children.isEmpty();
  }

  /** Every leaf below (or this queue when it is one), in configuration order. */
  public List<QueueSpec> leaves() {
    List<QueueSpec> out = new ArrayList<>();
    collectLeaves(out);
    return out;
  }

  private void collectLeaves(List<QueueSpec> out) {
    if (isLeaf()) {
      out.add(this);
    }
    children.forEach(c -> c.collectLeaves(out));
  }

  /** The queue with this full path or (leaf names being unique) this short name. */
  public Optional<QueueSpec> find(String nameOrPath) {
    if (path.equals(nameOrPath) || (isLeaf() && name().equals(nameOrPath))) {
      return Optional.of(this);
    }
    for (QueueSpec child : children) {
      Optional<QueueSpec> found = child.find(nameOrPath);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The queues from the root down to {@code leafPath}, inclusive. */
  public List<QueueSpec> ancestry(String leafPath) {
    List<QueueSpec> out = new ArrayList<>();
    QueueSpec at = this;
    out.add(at);
    while (!at.path.equals(leafPath)) {
      QueueSpec next = null;
      for (QueueSpec child : at.children) {
        if (leafPath.equals(child.path) || leafPath.startsWith(child.path + ".")) {
          next = child;
        }
      }
      if (next == null) {
        return List.of();
      }
      out.add(next);
      at = next;
    }
    return out;
  }
}
