package io.weft.rm.queue;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.util.Map;

/**
 * The cluster split by node label for one pass: what the nodes of the default partition and of each label
 * hold in all, and what each leaf queue's containers hold on labelled nodes (the rest of its usage is in
 * the default partition).
 *
 * @param defaultTotal the capability of the schedulable nodes without a label
 * @param labelTotals per cluster label, the capability of its schedulable nodes (0 when it has none)
 * @param usedOnLabels per leaf (short name), per label, what its live containers hold there
 * @param usersOnLabels per leaf, per label, per user, what the user's live containers hold there
 * @param amUsedOnLabels per leaf, per label, what its live AM containers hold there
 */
public record Partitions(Resource defaultTotal, Map<String, Resource> labelTotals,
    Map<String, Map<String, Resource>> usedOnLabels, Map<String, Map<String, Map<String, Resource>>> usersOnLabels,
    Map<String, Map<String, Resource>> amUsedOnLabels) {
  public Partitions {
    requireNonNull(defaultTotal);
    labelTotals = Map.copyOf(labelTotals);
    usedOnLabels = Map.copyOf(usedOnLabels);
    usersOnLabels = Map.copyOf(usersOnLabels);
    amUsedOnLabels = Map.copyOf(amUsedOnLabels);
  }

  public Partitions(Resource defaultTotal, Map<String, Resource> labelTotals,
      Map<String, Map<String, Resource>> usedOnLabels) {
    this(defaultTotal, labelTotals, usedOnLabels, Map.of(), Map.of());
  }

  /** A cluster without labels. */
  public static Partitions unlabelled(Resource total) {
    return new Partitions(total, Map.of(), Map.of(), Map.of(), Map.of());
  }

  /** What each user of {@code leaf} holds in the default partition, from {@code all} (every partition). */
  public Map<String, Resource> defaultPartitionUsers(String leaf, Map<String, Resource> all) {
    Map<String, Map<String, Resource>> onLabels = usersOnLabels.getOrDefault(leaf, Map.of());
    if (onLabels.isEmpty()) {
      return all;
    }
    Map<String, Resource> out = new java.util.HashMap<>(all);
    onLabels.values().forEach(users -> users.forEach((user, r) -> out.computeIfPresent(user,
        (u, total) -> total.subtract(r))));
    return out;
  }

  /** What each user of {@code leaf} holds on nodes labelled {@code label}. */
  public Map<String, Resource> users(String leaf, String label) {
    return usersOnLabels.getOrDefault(leaf, Map.of()).getOrDefault(label, Map.of());
  }

  /** What {@code leaf} holds on nodes labelled {@code label}. */
  public Resource used(String leaf, String label) {
    return usedOnLabels.getOrDefault(leaf, Map.of()).getOrDefault(label, Resource.NONE);
  }

  /** What the AM containers of {@code leaf} hold on nodes labelled {@code label}. */
  public Resource amUsed(String leaf, String label) {
    return amUsedOnLabels.getOrDefault(leaf, Map.of()).getOrDefault(label, Resource.NONE);
  }

  /** What {@code leaf} holds on labelled nodes in all. */
  public Resource usedOnAnyLabel(String leaf) {
    return sum(usedOnLabels.getOrDefault(leaf, Map.of()));
  }

  /** What the AM containers of {@code leaf} hold on labelled nodes in all. */
  public Resource amUsedOnAnyLabel(String leaf) {
    return sum(amUsedOnLabels.getOrDefault(leaf, Map.of()));
  }

  /** The resources of every label together. */
  static Resource sum(Map<String, Resource> byLabel) {
    Resource sum = Resource.NONE;
    for (Resource r : byLabel.values()) {
      sum = sum.add(r);
    }
    return sum;
  }
}
