package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Human sentences saying why an application waits. */
public final class WaitingReasons {
  private WaitingReasons() {}

  /** Why no node can take a container of {@code ask}, judged by resources alone. */
  private static String noPlacement(Resource ask, NodeIndex nodes) {
    NodeView mostMemory = nodes.mostFreeMemory();
    if (mostMemory == null) {
      return "no NodeManager is running to place " + ask.memoryMb() + " MB, " + ask.vcores() + " vcores";
    }
    if (mostMemory.free().memoryMb() < ask.memoryMb()) {
      return "no node has " + ask.memoryMb() + " MB free (largest free: " + mostMemory.free().memoryMb()
          + " MB on " + mostMemory.nodeId() + ")";
    }
    return noPlacementByCores(ask, nodes.nodes());
  }

  /**
   * Why no node passed {@code chain} for {@code context}'s container. When memory and vcores are the
   * only obstacles, the sentences above (with the largest free amount and where it is); otherwise the
   * rejections counted by reason over every node: {@code no node fits 4096 MB, 1 vcores, gpu 1 (4
   * nodes: excluded by the application (2), not enough gpu (1), not enough memory (1))}. Counting scans
   * the nodes, so it is done only when memory and vcores alone do not explain the wait (the
   * application excludes nodes, the ask names other resource types, or some node has the room).
   */
  static String noPlacement(NodeIndex nodes, PlacementChain chain, PlacementContext context) {
    Resource ask = context.ask();
    NodeView mostMemory = nodes.mostFreeMemory();
    if (mostMemory == null || (context.excluded().isEmpty() && ask.others().isEmpty() && !nodes.anyFits(ask))) {
      return noPlacement(ask, nodes); // memory and vcores alone leave no room: say which is short, and where
    }
    List<Map.Entry<String, Integer>> rejections = chain.rejections(nodes.nodes(), context);
    boolean onlyMemoryAndCores = rejections.stream().allMatch(r -> r.getKey().equals(ResourceFitFilter.MEMORY)
        || r.getKey().equals(ResourceFitFilter.VCORES));
    if (onlyMemoryAndCores) {
      return noPlacement(ask, nodes);
    }
    StringBuilder sb = new StringBuilder("no node fits ").append(ask.memoryMb()).append(" MB, ")
        .append(ask.vcores()).append(" vcores");
    ask.others().forEach((type, amount) -> sb.append(", ").append(type).append(' ').append(amount));
    sb.append(" (").append(nodes.nodes().size()).append(" nodes: ");
    for (int i = 0; i < rejections.size(); i++) {
      Map.Entry<String, Integer> r = rejections.get(i);
      sb.append(i == 0 ? "" : ", ").append(r.getKey()).append(" (").append(r.getValue()).append(')');
    }
    return sb.append(')').toString();
  }

  private static String noPlacementByCores(Resource ask, Collection<NodeView> nodes) {
    NodeView mostCores = nodes.stream()
        .max(Comparator.comparingInt((NodeView n) -> n.free().vcores())
            .thenComparing(NodeView::nodeId, Comparator.reverseOrder()))
        .orElseThrow();
    if (mostCores.free().vcores() < ask.vcores()) {
      return "no node has " + ask.vcores() + " vcores free (largest free: " + mostCores.free().vcores()
          + " vcores on " + mostCores.nodeId() + ")";
    }
    return "no node has both " + ask.memoryMb() + " MB and " + ask.vcores() + " vcores free";
  }

  static String queueStopped(LeafSnapshot leaf) {
    return "queue " + leaf.name() + " is STOPPED";
  }

  static String amShare(String queue, Resource amUsed, Resource amLimit, double maxAmShare) {
    return "waiting for AM share of queue " + queue + ": " + amUsed.memoryMb() + " MB of "
        + amLimit.memoryMb() + " MB used (" + percent(maxAmShare) + ")";
  }

  static String queueMaximum(String queue, Resource used, Resource maximum) {
    return "queue " + queue + " is at its maximum capacity: " + used.memoryMb() + " MB, " + used.vcores()
        + " vcores" + others(used, maximum) + " used of " + maximum.memoryMb() + " MB, " + maximum.vcores()
        + " vcores" + others(maximum, maximum);
  }

  static String partitionNotAccessible(LeafSnapshot leaf, String label) {
    return "queue " + leaf.name() + " may not use node label " + label + " (its accessible-node-labels: "
        + (leaf.partitions().isEmpty() ? "none" : String.join(",", new java.util.TreeSet<>(leaf.partitions().keySet())))
        + ")";
  }

  static String partitionMaximum(String queue, String label, Resource used, Resource maximum) {
    return "queue " + queue + " is at its maximum capacity in partition " + label + ": " + used.memoryMb() + " MB, "
        + used.vcores() + " vcores used of " + maximum.memoryMb() + " MB, " + maximum.vcores() + " vcores";
  }

  /** {@code queue}: its name, or "{name} in partition {label}". */
  static String userLimit(String user, String queue, Resource used, Resource limit) {
    return "user " + user + " is at the user limit of queue " + queue + ": " + used.memoryMb() + " MB, "
        + used.vcores() + " vcores" + others(used, limit) + " used of " + limit.memoryMb() + " MB, " + limit.vcores()
        + " vcores" + others(limit, limit);
  }

  /** {@code r}'s amounts of the resource types {@code limit} has (", gpu 1"); empty without types. */
  private static String others(Resource r, Resource limit) {
    StringBuilder sb = new StringBuilder();
    limit.others().keySet().forEach(type -> sb.append(", ").append(type).append(' ').append(r.other(type)));
    return sb.toString();
  }

  static String reserved(io.weft.common.id.NodeId node, Resource ask, Resource freeThere) {
    return "reserved " + node + " for " + ask.memoryMb() + " MB, " + ask.vcores() + " vcores ("
        + freeThere.memoryMb() + " MB, " + freeThere.vcores() + " vcores free there now)";
  }

  static String nodeLocalWait(String hosts, Duration waited, Duration delay) {
    return "waiting for node-local slot on " + hosts + " (" + seconds(waited) + " of " + seconds(delay) + ")";
  }

  static String rackLocalWait(String racks, Duration waited, Duration delay) {
    return "waiting for rack-local slot in " + racks + " (" + seconds(waited) + " of " + seconds(delay) + ")";
  }

  static String strictLocality(String where, Resource ask) {
    return "asks only for " + where + " (relax_locality=false): none has " + ask.memoryMb() + " MB, " + ask.vcores()
        + " vcores free";
  }

  static String gang(int size, int placeable, String blocker) {
    return "gang of " + size + " waiting: " + placeable + " placeable" + (blocker == null ? "" : " (" + blocker + ")");
  }

  private static String seconds(Duration d) {
    double s = d.toMillis() / 1000.0;
    return (s == Math.rint(s) ? String.valueOf((long) s) : String.format(Locale.ROOT, "%.1f", s)) + " s";
  }

  private static String percent(double fraction) {
    double p = fraction * 100;
    return (p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
  }
}
