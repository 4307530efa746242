package io.weft.rm.queue;

import static java.util.Objects.requireNonNull;

/**
 * One user's applications in a leaf queue: what they hold and want, and how many have started
 * ({@code activeApplications}) or wait for their AM ({@code pendingApplications}).
 */
public record UserUsage(String user, QueueLoad load, int activeApplications, int pendingApplications) {
  public UserUsage {
    requireNonNull(user);
    requireNonNull(load);
  }

  /** YARN's "active user": one whose applications still ask for containers. */
  public boolean active() {
    return load.pendingContainers() > 0;
  }

  UserUsage plus(UserUsage o) {
    return new UserUsage(user, load.plus(o.load), activeApplications + o.activeApplications,
        pendingApplications + o.pendingApplications);
  }

  UserUsage minus(UserUsage o) {
    return new UserUsage(user, load.minus(o.load), activeApplications - o.activeApplications,
        pendingApplications - o.pendingApplications);
  }
}
