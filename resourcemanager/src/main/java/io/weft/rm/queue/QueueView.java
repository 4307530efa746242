package io.weft.rm.queue;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.util.List;
import java.util.Map;

/**
 * An immutable report of one queue and (when asked) its children, for clients and the console,
 * built on the RM core loop. Capacities are fractions 0–1: of the parent ({@code capacity},
 * {@code maximumCapacity}) or of the cluster ({@code absolute*}); {@code currentCapacity} is used /
 * guaranteed. {@code guaranteed} and {@code maximum} are those capacities in resources of the
 * cluster's schedulable nodes now; {@code load} is what the active applications below hold and want.
 *
 * @param limits a leaf's limits as its scheduler applies them ({@link LeafLimits#NONE} for a parent)
 * @param users a leaf's users with active applications (none for a parent)
 * @param preemptionDisabled whether its containers are never taken back for another queue
 * @param nodeLabels the labels it may use (its accessible-node-labels; {@code *} = every label)
 * @param partitions its share of each cluster label it may use, with what it holds there (the other fields are
 *     of the default partition, except {@code used} and {@code load}, which count every partition)
 */
public record QueueView(String name, String path, boolean leaf, float capacity, float maximumCapacity,
    float absoluteCapacity, float absoluteMaximumCapacity, float currentCapacity, float absoluteUsedCapacity,
    Resource used, QueueState state, int numApplications, int numPendingApplications, int numActiveApplications,
    float userLimitFactor, int maxApplications, float maxAmResourcePercent, String submitAcl, String adminAcl,
    Resource guaranteed, Resource maximum, QueueLoad load, LeafLimits limits, List<UserUsage> users,
    boolean preemptionDisabled, List<String> nodeLabels, List<PartitionView> partitions, List<QueueView> children) {
  public QueueView {
    requireNonNull(load);
    requireNonNull(limits);
    users = List.copyOf(users);
    nodeLabels = List.copyOf(nodeLabels);
    partitions = List.copyOf(partitions);
    children = List.copyOf(children);
  }

  /**
   * A queue's share of one labelled partition: fractions 0–1 of its parent's share of the label ({@code capacity},
   * {@code maximumCapacity}) or of the label's nodes ({@code absolute*}), and in resources of those nodes now.
   *
   * @param used what the containers of the leaves below hold on the label's nodes
   * @param absoluteUsedCapacity {@code used} as a fraction of the label's nodes
   * @param amUsed what their AM containers hold there
   * @param amLimit a leaf's AM share there (none for a parent)
   * @param userLimit what one user of a leaf may hold there (none for a parent)
   * @param usedByUser what each user of a leaf holds there (empty for a parent)
   */
  public record PartitionView(String label, float capacity, float maximumCapacity, float absoluteCapacity,
      float absoluteMaximumCapacity, Resource guaranteed, Resource maximum, Resource used, float absoluteUsedCapacity,
      Resource amUsed, Resource amLimit, Resource userLimit, Map<String, Resource> usedByUser) {
    public PartitionView {
      requireNonNull(label);
      requireNonNull(userLimit);
      usedByUser = Map.copyOf(usedByUser);
    }

    /** Used / guaranteed (0 without a guarantee), as YARN's usedCapacity. */
    public float currentCapacity() {
      return absoluteCapacity <= 0 ? 0 : absoluteUsedCapacity / absoluteCapacity;
    }
  }

  /**
   * A leaf's limits in resources, as the scheduler applies them.
   *
   * @param amLimit what the leaf's AM containers may hold together (the AM share of its guarantee); only its memory
   *     is enforced, as by YARN's default resource calculator
   * @param userAmLimit what one user's AM containers may hold: the leaf's, as Weft has no per-user AM limit
   * @param userLimit what one user's containers may hold: the guarantee times the user-limit-factor, at most the
   *     leaf's maximum
   * @param minimumUserLimitPercent YARN's minimum-user-limit-percent that Weft's user limit equals (100: every user
   *     may take the whole user limit, however many users are active)
   * @param maxApplicationsPerUser YARN's figure: maximum-applications × user limit percent × user-limit-factor, at
   *     most maximum-applications ({@link Integer#MAX_VALUE} when the leaf has no limit)
   */
  public record LeafLimits(Resource amLimit, Resource userAmLimit, Resource userLimit, float minimumUserLimitPercent,
      int maxApplicationsPerUser) {
    public static final LeafLimits NONE = new LeafLimits(Resource.NONE, Resource.NONE, Resource.NONE, 0, 0);

    public LeafLimits {
      requireNonNull(amLimit);
      requireNonNull(userAmLimit);
      requireNonNull(userLimit);
    }
  }
}
