package io.weft.rm.queue;

import io.weft.common.resource.Resource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the active applications of each leaf queue (by short name) hold and want, per user too,
 * with how many applications are active and pending in each. The RM core keeps the applications'
 * part up to date as they change ({@link QueueUsageTally}) and hands out a copy with the pass's
 * reservations added; summing it afresh over every application ({@link #add}) is the reference it
 * is tested against. Mutable while it is being summed.
 */
public final class QueueUsage {
  private final Map<String, Map<String, UserUsage>> byUser = new HashMap<>();

  /**
   * What one active application brings to its leaf.
   *
   * @param pending whether it still waits for its first AM container to be launched
   * @param containers its live containers, the AM's included
   * @param pendingContainers containers it asked for and was not yet given, {@code pendingResource} in all
   * @param pendingOnLabels the part of {@code pendingResource} its asks naming a node label want, per label
   */
  public record App(String leaf, String user, Resource holds, Resource amHolds, boolean pending, int containers,
      int pendingContainers, Resource pendingResource, Map<String, Resource> pendingOnLabels) {
    public App {
      pendingOnLabels = Map.copyOf(pendingOnLabels);
    }

    /** What the application brings to its leaf's and its user's totals. */
    UserUsage contribution() {
      QueueLoad load = new QueueLoad(holds, amHolds, pendingResource, Resource.NONE, containers, pendingContainers, 0,
          pendingOnLabels, Map.of());
      return new UserUsage(user, load, pending ? 0 : 1, pending ? 1 : 0);
    }
  }

  public void add(App app) {
    merge(app.leaf(), app.contribution());
  }

  /**
   * One container's worth of {@code resource} reserved on a node for an ask of {@code user}'s application;
   * {@code partition}: the node's label ("" for none).
   */
  public void reserve(String leaf, String user, Resource resource, String partition) {
    merge(leaf, new UserUsage(user, new QueueLoad(Resource.NONE, Resource.NONE, Resource.NONE, resource, 0, 0, 1,
        Map.of(), partition.isEmpty() ? Map.of() : Map.of(partition, resource)), 0, 0));
  }

  /** Adds a user's whole usage of {@code leaf}, after the users added before it. */
  void merge(String leaf, UserUsage usage) {
    byUser.computeIfAbsent(leaf, k -> new LinkedHashMap<>()).merge(usage.user(), usage, UserUsage::plus);
  }

  /** The users of {@code leaf} with active applications, in the order their first one was counted. */
  public List<UserUsage> users(String leaf) {
    return List.copyOf(byUser.getOrDefault(leaf, Map.of()).values());
  }

  /** The leaves with active applications. */
  public java.util.Set<String> leaves() {
    return java.util.Set.copyOf(byUser.keySet());
  }

  public QueueLoad load(String leaf) {
    return byUser.getOrDefault(leaf, Map.of()).values().stream().map(UserUsage::load)
        .reduce(QueueLoad.NONE, QueueLoad::plus);
  }

  public Resource used(String leaf) {
    return load(leaf).used();
  }

  public Resource amUsed(String leaf) {
    return load(leaf).amUsed();
  }

  /** What each user's live containers hold in {@code leaf}. */
  public Map<String, Resource> byUser(String leaf) {
    Map<String, Resource> out = new HashMap<>();
    byUser.getOrDefault(leaf, Map.of()).forEach((user, u) -> out.put(user, u.load().used()));
    return out;
  }

  public int activeApps(String leaf) {
    return byUser.getOrDefault(leaf, Map.of()).values().stream().mapToInt(UserUsage::activeApplications).sum();
  }

  public int pendingApps(String leaf) {
    return byUser.getOrDefault(leaf, Map.of()).values().stream().mapToInt(UserUsage::pendingApplications).sum();
  }

  public int apps(String leaf) {
    return activeApps(leaf) + pendingApps(leaf);
  }
}
