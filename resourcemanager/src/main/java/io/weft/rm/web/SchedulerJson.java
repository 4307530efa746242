package io.weft.rm.web;

import static io.weft.rm.web.YarnJson.obj;

import io.weft.rm.queue.QueueView;
import java.util.Map;

/** The RM's queue tree in the JSON shape of YARN's {@code /ws/v1/cluster/scheduler} (capacity scheduler). */
final class SchedulerJson {
  private SchedulerJson() {}

  /**
   * YARN's capacity scheduler info: the queue tree with capacities in percent (of the parent for
   * capacity/maxCapacity/usedCapacity, of the cluster for the absolute ones).
   */
  static Map<String, Object> capacityScheduler(QueueView root) {
    return obj("type", "capacityScheduler", "capacity", percent(root.capacity()),
        "usedCapacity", percent(root.absoluteUsedCapacity()), "maxCapacity", percent(root.maximumCapacity()),
        "queueName", root.name(), "queues", obj("queue", root.children().stream().map(SchedulerJson::queue).toList()));
  }

  private static Map<String, Object> queue(QueueView q) {
    Map<String, Object> json = obj("type", q.leaf() ? "capacitySchedulerLeafQueueInfo" : "capacitySchedulerQueueInfo",
        "queueName", q.name(), "queuePath", q.path(), "state", q.state().name(),
        "capacity", percent(q.capacity()), "maxCapacity", percent(q.maximumCapacity()),
        "usedCapacity", percent(q.currentCapacity()), "absoluteCapacity", percent(q.absoluteCapacity()),
        "absoluteMaxCapacity", percent(q.absoluteMaximumCapacity()),
        "absoluteUsedCapacity", percent(q.absoluteUsedCapacity()),
        "numApplications", q.numApplications(), "numActiveApplications", q.numActiveApplications(),
        "numPendingApplications", q.numPendingApplications(),
        "resourcesUsed", obj("memory", q.used().memoryMb(), "vCores", q.used().vcores()));
    if (q.leaf()) {
      json.put("userLimitFactor", q.userLimitFactor());
      json.put("maxApplications", q.maxApplications());
      json.put("maxAMResourcePercent", q.maxAmResourcePercent());
    } else {
      json.put("queues", obj("queue", q.children().stream().map(SchedulerJson::queue).toList()));
    }
    return json;
  }

  private static double percent(float fraction) {
    return Math.round(fraction * 1000.0) / 10.0;
  }
}
