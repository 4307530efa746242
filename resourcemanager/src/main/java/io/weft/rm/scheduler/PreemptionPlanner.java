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
 * wait, get it: from queues holding more than their guarantee, youngest container first, AM
 * containers only when no other will do, and never so many that a queue drops below its own
 * guarantee. Containers already told to go count as freed. Accounts memory (the resource queues
 * are sized by in practice). Pure: the RM core tells the AMs and kills after the grace period.
 */
public final class PreemptionPlanner {
  /** A live container as preemption sees it. */
  public record Running(ContainerId id, String queue, Resource resource, boolean amContainer, Instant created) {}

  private PreemptionPlanner() {}

  /**
   * @param unmet per leaf short name: what its waiting applications still want
   * @param marked containers already told they will be preempted
   */
  public static List<Running> choose(List<LeafSnapshot> leaves, Map<String, Resource> unmet, List<Running> running,
      Set<ContainerId> marked) {
    Map<String, Long> used = new HashMap<>();
    Map<String, Long> guaranteed = new HashMap<>();
    leaves.forEach(l -> {
      used.put(l.name(), l.used().memoryMb());
      guaranteed.put(l.name(), l.guaranteed().memoryMb());
    });
    long want = 0;
    for (LeafSnapshot leaf : leaves) {
      Resource wanted = unmet.get(leaf.name());
      if (wanted != null) {
        long deficit = leaf.guaranteed().memoryMb() - leaf.used().memoryMb();
        want += Math.max(0, Math.min(deficit, wanted.memoryMb()));
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
}
