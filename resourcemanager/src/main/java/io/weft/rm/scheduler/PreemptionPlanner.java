package io.weft.rm.scheduler;

import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses containers to take back so that leaf queues below their guarantee, whose applications
 * wait for room, get it (as much of it as those applications may hold under their user limit): from queues holding more than their guarantee, youngest container first, AM
 * containers only when no other will do, and never so many that a queue drops below its own
 * guarantee. Containers already told to go count as freed. Accounts memory (the resource queues
 * are sized by in practice). Pure: the RM core tells the AMs and kills after the grace period.
 */
public final class PreemptionPlanner {
  /** A live container as preemption sees it. */
  public record Running(ContainerId id, String queue, Resource resource, boolean amContainer, Instant created) {}

  /** What an application left waiting for room still wants. */
  public record Starved(String queue, String user, Resource wanted) {}

  private PreemptionPlanner() {}

  /**
   * @param starved applications left waiting for room (not for a limit of their own)
   * @param marked containers already told they will be preempted
   */
  public static List<Running> choose(List<LeafSnapshot> leaves, List<Starved> starved, List<Running> running,
      Set<ContainerId> marked) {
    Map<String, Long> used = new HashMap<>();
    Map<String, Long> guaranteed = new HashMap<>();
    leaves.forEach(l -> {
      used.put(l.name(), l.used().memoryMb());
      guaranteed.put(l.name(), l.guaranteed().memoryMb());
    });
    long want = 0;
    for (LeafSnapshot leaf : leaves) {
      long deficit = Math.min(leaf.guaranteed().memoryMb(), leaf.maximum().memoryMb()) - leaf.used().memoryMb();
      if (deficit > 0) {
        want += Math.min(deficit, usable(leaf, starved));
      }
    }
    List<Running> candidates = new ArrayList<>();
    for (Running c : running) {
      if (marked.contains(c.id())) {
        want -= c.resource().memoryMb();
        used.merge(c.queue(), -c.resource().memoryMb(), Long::sum);
      } else {
        candidates.add(c);
      }
    }
    if (want <= 0) {
      return List.of();
    }
    candidates.sort(Comparator.comparing(Running::amContainer)
        .thenComparing(Running::created, Comparator.reverseOrder())
        .thenComparing(Running::id, Comparator.reverseOrder()));
    List<Running> chosen = new ArrayList<>();
    for (Running c : candidates) {
      if (want <= 0) {
        break;
      }
      long mb = c.resource().memoryMb();
      Long queueUsed = used.get(c.queue());
      if (queueUsed == null || queueUsed - mb < guaranteed.get(c.queue())) {
        continue;
      }
      used.put(c.queue(), queueUsed - mb);
      want -= mb;
      chosen.add(c);
    }
    return chosen;
  }

  /** What the starved applications of {@code leaf} could hold more under its user limit: no more is taken for them. */
  private static long usable(LeafSnapshot leaf, List<Starved> starved) {
    Map<String, Long> byUser = new HashMap<>();
    for (Starved s : starved) {
      if (s.queue().equals(leaf.name())) {
        byUser.merge(s.user(), s.wanted().memoryMb(), Long::sum);
      }
    }
    long total = 0;
    for (Map.Entry<String, Long> e : byUser.entrySet()) {
      long userUsed = leaf.usedByUser().getOrDefault(e.getKey(), Resource.NONE).memoryMb();
      total += Math.max(0, Math.min(e.getValue(), leaf.userLimit().memoryMb() - userUsed));
    }
    return total;
  }
}
