package io.weft.rm.queue;

import io.weft.common.resource.Resource;
import java.util.HashMap;
import java.util.Map;

/**
 * What the live containers of active applications hold, per leaf queue (by short name), per user
 * within a leaf, and in AM containers; plus how many applications are active and pending in each.
 * Summed afresh for each pass or report. Mutable while it is being summed.
 */
public final class QueueUsage {
  private final Map<String, Resource> used = new HashMap<>();
  private final Map<String, Resource> amUsed = new HashMap<>();
  private final Map<String, Map<String, Resource>> byUser = new HashMap<>();
  private final Map<String, int[]> apps = new HashMap<>();

  /** Adds one application: what it holds, what its AM container holds, and whether it has started. */
  public void add(String leaf, String user, Resource holds, Resource amHolds, boolean pending) {
    used.merge(leaf, holds, Resource::add);
    amUsed.merge(leaf, amHolds, Resource::add);
    byUser.computeIfAbsent(leaf, k -> new HashMap<>()).merge(user, holds, Resource::add);
    int[] counts = apps.computeIfAbsent(leaf, k -> new int[2]);
    counts[pending ? 1 : 0]++;
  }

  public Resource used(String leaf) {
    return used.getOrDefault(leaf, Resource.NONE);
  }

  public Resource amUsed(String leaf) {
    return amUsed.getOrDefault(leaf, Resource.NONE);
  }

  public Map<String, Resource> byUser(String leaf) {
    return byUser.getOrDefault(leaf, Map.of());
  }

  public int activeApps(String leaf) {
    return apps.getOrDefault(leaf, new int[2])[0];
  }

  public int pendingApps(String leaf) {
    return apps.getOrDefault(leaf, new int[2])[1];
  }

  public int apps(String leaf) {
    return activeApps(leaf) + pendingApps(leaf);
  }
}
