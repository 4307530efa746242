package io.weft.rm.scheduler;

import io.weft.common.resource.Resource;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

/** Human sentences saying why an application waits. */
public final class WaitingReasons {
  private WaitingReasons() {}

  static String noPlacement(Resource ask, NodeIndex nodes) {
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

  static String amShare(LeafSnapshot leaf, Resource amUsed) {
    return "waiting for AM share of queue " + leaf.name() + ": " + amUsed.memoryMb() + " MB of "
        + leaf.amLimit().memoryMb() + " MB used (" + percent(leaf.maxAmShare()) + ")";
  }

  static String queueMaximum(String queue, Resource used, Resource maximum) {
    return "queue " + queue + " is at its maximum capacity: " + used.memoryMb() + " MB, " + used.vcores()
        + " vcores used of " + maximum.memoryMb() + " MB, " + maximum.vcores() + " vcores";
  }

  static String userLimit(String user, LeafSnapshot leaf, Resource used) {
    return "user " + user + " is at the user limit of queue " + leaf.name() + ": " + used.memoryMb() + " MB, "
        + used.vcores() + " vcores used of " + leaf.userLimit().memoryMb() + " MB, " + leaf.userLimit().vcores()
        + " vcores";
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
