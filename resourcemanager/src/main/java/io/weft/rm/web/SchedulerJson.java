package io.weft.rm.web;

import static io.weft.rm.web.ResourceJson.partition;
import static io.weft.rm.web.ResourceJson.resource;
import static io.weft.rm.web.YarnJson.obj;

import io.weft.common.resource.Resource;
import io.weft.rm.queue.QueueLoad;
import io.weft.rm.queue.QueueView;
import io.weft.rm.queue.UserUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RM's queue tree in the JSON shape of YARN 3.4's {@code /ws/v1/cluster/scheduler} (capacity
 * scheduler), key by key as a YARN RM sends it. Only formats: every value comes from the
 * {@link QueueView} the RM core built. Fields that have no meaning in Weft carry what YARN sends in
 * the same situation (listed in docs/web.md); they are marked "as YARN" below.
 */
final class SchedulerJson {
  /** The partition of the nodes without a label, named "" as in YARN. */
  private static final String DEFAULT_PARTITION = "";
  /** As YARN without a limit on running applications per queue. */
  private static final int NO_PARALLEL_APPS_LIMIT = Integer.MAX_VALUE;
  /** As YARN sends them for a queue whose capacity is a percentage, not a weight (Weft has no weights). */
  private static final float NO_WEIGHT = -1.0f;
  private static final float NO_NORMALIZED_WEIGHT = 0.0f;
  /** As YARN for a queue without a lifetime setting. */
  private static final int NO_LIFETIME = -1;

  private SchedulerJson() {}

  /**
   * YARN's {@code capacityScheduler}: root, then its queues. Percentages are floats, not rounded:
   * of the parent for capacity/maxCapacity/usedCapacity, of the cluster for the absolute ones.
   *
   * @param minimumAllocation and {@code maximumAllocation}: the RM's container size bounds
   */
  static Map<String, Object> capacityScheduler(QueueView root, Resource minimumAllocation,
      Resource maximumAllocation) {
    Map<String, Object> json = obj("type", "capacityScheduler", "capacity", percent(root.capacity()),
        "usedCapacity", percent(root.absoluteUsedCapacity()), "maxCapacity", percent(root.maximumCapacity()));
    json.putAll(obj("weight", NO_WEIGHT, "normalizedWeight", NO_NORMALIZED_WEIGHT,
        "queueCapacityVectorInfo", capacityVector(root)));
    json.putAll(obj("queueName", root.name(), "queuePath", root.path(), "maxParallelApps", NO_PARALLEL_APPS_LIMIT,
        "isAbsoluteResource", false,
        "queues", obj("queue", root.children().stream()
            .map(q -> queue(q, minimumAllocation, maximumAllocation)).toList()),
        "capacities", capacities(root, minimumAllocation, maximumAllocation),
        "health", health(),
        "maximumAllocation", resource(maximumAllocation)));
    json.putAll(policy(root));
    return json;
  }

  private static Map<String, Object> queue(QueueView q, Resource minimumAllocation, Resource maximumAllocation) {
    QueueLoad load = q.load();
    Map<String, Object> json = obj("type", q.leaf() ? "capacitySchedulerLeafQueueInfo" : "capacitySchedulerQueueInfo",
        "queuePath", q.path(), "capacity", percent(q.capacity()), "usedCapacity", percent(q.currentCapacity()),
        "maxCapacity", percent(q.maximumCapacity()), "absoluteCapacity", percent(q.absoluteCapacity()),
        "absoluteMaxCapacity", percent(q.absoluteMaximumCapacity()),
        "absoluteUsedCapacity", percent(q.absoluteUsedCapacity()));
    // YARN 3.4 sends the capacity vector of a queue below root only within its capacities
    json.putAll(obj("weight", NO_WEIGHT, "normalizedWeight", NO_NORMALIZED_WEIGHT));
    json.putAll(obj("numApplications", q.numApplications(), "maxParallelApps", NO_PARALLEL_APPS_LIMIT,
        "queueName", q.name(), "isAbsoluteResource", false, "state", q.state().name()));
    if (!q.leaf()) {
      json.put("queues", obj("queue", q.children().stream()
          .map(c -> queue(c, minimumAllocation, maximumAllocation)).toList()));
    }
    json.putAll(obj("resourcesUsed", resource(q.used()),
        "hideReservationQueues", false, // as YARN: Weft has no reservation system
        "nodeLabels", q.nodeLabels(),
        "allocatedContainers", load.containers(), "reservedContainers", load.reservedContainers(),
        "pendingContainers", load.pendingContainers(),
        "capacities", capacities(q, minimumAllocation, maximumAllocation),
        "resources", obj("resourceUsagesByPartition", usages(q)),
        "minEffectiveCapacity", resource(q.guaranteed()), "maxEffectiveCapacity", resource(q.maximum()),
        "maximumAllocation", resource(maximumAllocation)));
    json.putAll(policy(q));
    if (q.leaf()) {
      json.putAll(leaf(q));
    }
    return json;
  }

  /** The fields only a leaf has, in YARN's order. */
  private static Map<String, Object> leaf(QueueView q) {
    QueueView.LeafLimits limits = q.limits();
    return obj("numActiveApplications", q.numActiveApplications(),
        "numPendingApplications", q.numPendingApplications(), "numContainers", q.load().containers(),
        "maxApplications", maxApplications(q.maxApplications()),
        "maxApplicationsPerUser", limits.maxApplicationsPerUser(),
        "userLimit", limits.minimumUserLimitPercent(),
        "users", obj("user", q.users().stream().map(u -> user(u, limits, q.partitions())).toList()),
        "userLimitFactor", q.userLimitFactor(), "configuredMaxAMResourceLimit", q.maxAmResourcePercent(),
        "AMResourceLimit", resource(limits.amLimit()), "usedAMResource", resource(q.load().amUsed()),
        "userAMResourceLimit", resource(limits.userAmLimit()),
        "preemptionDisabled", q.preemptionDisabled(),
        "intraQueuePreemptionDisabled", true, // Weft never preempts within a queue
        "defaultPriority", 0, // Weft's default application priority; queues cannot change it
        "isAutoCreatedLeafQueue", false,
        "maxApplicationLifetime", NO_LIFETIME, "defaultApplicationLifetime", NO_LIFETIME);
  }

  /**
   * A user of a leaf: {@code userResourceLimit} is the default partition's, as in YARN; its usage is listed for the
   * default partition and then for each label the queue may use (the labels' user limits are in Weft's
   * {@code userResourceLimitsByPartition}, which YARN does not send).
   */
  private static Map<String, Object> user(UserUsage u, QueueView.LeafLimits limits,
      List<QueueView.PartitionView> partitions) {
    Resource onLabels = Resource.NONE;
    List<WrittenJson> labelled = new ArrayList<>();
    List<Map<String, Object>> labelLimits = new ArrayList<>();
    for (QueueView.PartitionView p : partitions) {
      Resource used = p.usedByUser().getOrDefault(u.user(), Resource.NONE);
      onLabels = onLabels.add(used);
      labelled.add(partition(p.label(), used, u.load().reservedOn(p.label()), u.load().pendingOn(p.label()),
          Resource.NONE, p.amLimit(), p.amLimit()));
      labelLimits.add(obj("partitionName", p.label(), "userResourceLimit", resource(p.userLimit())));
    }
    List<WrittenJson> usages = new ArrayList<>();
    QueueLoad load = u.load();
    usages.add(partition(DEFAULT_PARTITION, load.used().subtract(onLabels), load.reservedOnDefault(),
        load.pendingOnDefault(), load.amUsed(), limits.amLimit(), limits.userAmLimit()));
    usages.addAll(labelled);
    return obj("username", u.user(), "resourcesUsed", resource(u.load().used()),
        "numPendingApplications", u.pendingApplications(), "numActiveApplications", u.activeApplications(),
        "AMResourceUsed", resource(u.load().amUsed()), "userResourceLimit", resource(limits.userLimit()),
        "userResourceLimitsByPartition", labelLimits,
        "resources", obj("resourceUsagesByPartition", usages),
        "userWeight", 1.0f, // as YARN's default: Weft has no user weights
        "isActive", u.active());
  }

  /** Weft's 0 (no limit) is YARN's largest int: a YARN client reads 0 as "no application may run". */
  private static int maxApplications(int configured) {
    return configured == 0 ? Integer.MAX_VALUE : configured;
  }

  /** The configured capacity, which Weft applies to every resource alike. */
  private static Map<String, Object> capacityVector(QueueView q) {
    return capacityVector(q.capacity());
  }

  private static Map<String, Object> capacityVector(float capacity) {
    String percent = percent(capacity) + "%";
    return obj("configuredCapacityVector", "[memory-mb=" + percent + ",vcores=" + percent + "]",
        "capacityVectorEntries", List.of(obj("resourceName", "memory-mb", "resourceValue", percent),
            obj("resourceName", "vcores", "resourceValue", percent)));
  }

  /** The default partition, then each label the queue may use, as YARN lists them. */
  private static Map<String, Object> capacities(QueueView q, Resource minimumAllocation, Resource maximumAllocation) {
    List<Map<String, Object>> partitions = new ArrayList<>();
    partitions.add(capacity(DEFAULT_PARTITION, capacityVector(q), q.capacity(), q.currentCapacity(),
        q.maximumCapacity(), q.absoluteCapacity(), q.absoluteUsedCapacity(), q.absoluteMaximumCapacity(),
        q.leaf() ? q.maxAmResourcePercent() : 0f, q.guaranteed(), q.maximum(), minimumAllocation, maximumAllocation));
    for (QueueView.PartitionView p : q.partitions()) {
      partitions.add(capacity(p.label(), capacityVector(p.capacity()), p.capacity(), p.currentCapacity(),
          p.maximumCapacity(), p.absoluteCapacity(), p.absoluteUsedCapacity(), p.absoluteMaximumCapacity(),
          q.leaf() ? q.maxAmResourcePercent() : 0f, p.guaranteed(), p.maximum(), minimumAllocation,
          maximumAllocation));
    }
    return obj("queueCapacitiesByPartition", partitions);
  }

  private static Map<String, Object> capacity(String partition, Map<String, Object> vector, float capacity,
      float used, float maximum, float absolute, float absoluteUsed, float absoluteMaximum, float maxAmShare,
      Resource effectiveMin, Resource effectiveMax, Resource minimumAllocation, Resource maximumAllocation) {
    Resource notConfigured = Resource.NONE; // Weft's capacities are percentages, never absolute resources
    return obj("partitionName", partition, "queueCapacityVectorInfo", vector, "capacity", percent(capacity),
        "usedCapacity", percent(used), "maxCapacity", percent(maximum), "absoluteCapacity", percent(absolute),
        "absoluteUsedCapacity", percent(absoluteUsed), "absoluteMaxCapacity", percent(absoluteMaximum),
        "maxAMLimitPercentage", percent(maxAmShare),
        "weight", NO_WEIGHT, "normalizedWeight", NO_NORMALIZED_WEIGHT,
        "configuredMinResource", resource(notConfigured, minimumAllocation, maximumAllocation),
        "configuredMaxResource", resource(notConfigured, minimumAllocation, maximumAllocation),
        "effectiveMinResource", resource(effectiveMin), "effectiveMaxResource", resource(effectiveMax));
  }

  /**
   * The default partition's usage, then each label's. The load counts every partition: what the queue holds,
   * reserves and waits for on labels is taken off the default entry.
   */
  private static List<WrittenJson> usages(QueueView q) {
    QueueLoad load = q.load();
    Resource onLabels = Resource.NONE;
    Resource amOnLabels = Resource.NONE;
    List<WrittenJson> labelled = new ArrayList<>();
    for (QueueView.PartitionView p : q.partitions()) {
      onLabels = onLabels.add(p.used());
      amOnLabels = amOnLabels.add(p.amUsed());
      labelled.add(partition(p.label(), p.used(), load.reservedOn(p.label()), load.pendingOn(p.label()),
          p.amUsed(), p.amLimit(), p.amLimit()));
    }
    List<WrittenJson> out = new ArrayList<>();
    out.add(partition(DEFAULT_PARTITION, load.used().subtract(onLabels), load.reservedOnDefault(),
        load.pendingOnDefault(), load.amUsed().subtract(amOnLabels), q.limits().amLimit(), q.limits().userAmLimit()));
    out.addAll(labelled);
    return out;
  }

  /** ACLs, ordering and how the queue was made: the fields every queue has after its resources. */
  private static Map<String, Object> policy(QueueView q) {
    Map<String, Object> json = obj("queueAcls", obj("queueAcl", List.of(
            obj("accessType", "ADMINISTER_QUEUE", "accessControlList", q.adminAcl()),
            // as YARN's default: Weft has no priority ACL, anyone may set any priority
            obj("accessType", "APPLICATION_MAX_PRIORITY", "accessControlList", "*"),
            obj("accessType", "SUBMIT_APP", "accessControlList", q.submitAcl()))),
        "queuePriority", 0, // Weft has no queue priorities
        // Weft serves the child furthest below its guarantee first, and within a leaf by priority then age
        "orderingPolicyInfo", q.leaf() ? "fifo" : "utilization");
    if (!q.path().equals("root")) {
      json.putAll(obj("autoCreateChildQueueEnabled", false, "leafQueueTemplate", Map.of()));
    }
    json.putAll(obj("mode", "percentage", "queueType", q.leaf() ? "leaf" : "parent", "creationMethod", "static",
        "autoCreationEligibility", "off", "autoQueueTemplateProperties", Map.of(),
        "autoQueueParentTemplateProperties", Map.of(), "autoQueueLeafTemplateProperties", Map.of()));
    return json;
  }

  /**
   * YARN's scheduler health: Weft does not record its last allocation, release, preemption or
   * reservation per pass, so every entry is what YARN sends before any happened.
   */
  private static Map<String, Object> health() {
    List<Map<String, Object>> operations = List.of("last-allocation", "last-release", "last-preemption",
        "last-reservation").stream().map(op -> obj("operation", op, "nodeId", "N/A", "containerId", "N/A",
            "queue", "N/A")).toList();
    List<Map<String, Object>> details = List.of("releases", "allocations", "reservations").stream()
        .map(op -> obj("operation", op, "count", 0, "resources", resource(Resource.NONE))).toList();
    return obj("lastrun", 0, "operationsInfo", operations, "lastRunDetails", details);
  }

  /** A fraction 0–1 as YARN's float percentage, unrounded. */
  private static float percent(float fraction) {
    return fraction * 100f;
  }
}
