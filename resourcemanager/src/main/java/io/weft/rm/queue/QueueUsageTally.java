package io.weft.rm.queue;

import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What each leaf's active applications bring to it, kept up to date one application at a time: the
 * RM core takes out an application's last contribution and puts its new one in whenever it changes,
 * so a pass never sums over every application. {@link #usage} copies the totals (per leaf and user,
 * O(leaves × users)) with the pass's reservations added. Users are listed in the order of their
 * oldest active application, as summing the applications in submission order lists them.
 * Confined to the RM core loop.
 */
public final class QueueUsageTally {
  /** A user's totals in one leaf, with the active applications that make them up. */
  private static final class UserTotal {
    UserUsage usage;
    final TreeSet<ApplicationId> apps = new TreeSet<>();

    UserTotal(String user) {
      usage = new UserUsage(user, QueueLoad.NONE, 0, 0);
    }
  }

  private final Map<String, Map<String, UserTotal>> leaves = new HashMap<>();

  /** Counts {@code app}'s contribution (an active application); take the last one out first. */
  public void add(ApplicationId id, QueueUsage.App app) {
    UserTotal total = leaves.computeIfAbsent(app.leaf(), k -> new HashMap<>())
        .computeIfAbsent(app.user(), UserTotal::new);
    total.usage = total.usage.plus(app.contribution());
    total.apps.add(id);
  }

  /** Takes out the contribution {@code app} was counted with. */
  public void remove(ApplicationId id, QueueUsage.App app) {
    Map<String, UserTotal> users = leaves.get(app.leaf());
    UserTotal total = users == null ? null : users.get(app.user());
    if (total == null || !total.apps.remove(id)) {
      throw new IllegalStateException("application " + id + " was not counted in queue " + app.leaf()
          + " for user " + app.user());
    }
    total.usage = total.usage.minus(app.contribution());
    if (total.apps.isEmpty()) {
      users.remove(app.user());
      if (users.isEmpty()) {
        leaves.remove(app.leaf());
      }
    }
  }

  /** A copy of the totals with one reservation per entry of {@code reservations} added. */
  public QueueUsage usage(List<Reserved> reservations) {
    QueueUsage out = new QueueUsage();
    leaves.forEach((leaf, users) -> {
      List<UserTotal> ordered = new ArrayList<>(users.values());
      ordered.sort(Comparator.comparing(t -> t.apps.first()));
      ordered.forEach(t -> out.merge(leaf, t.usage));
    });
    for (Reserved r : reservations) {
      out.reserve(r.leaf(), r.user(), r.resource(), r.partition());
    }
    return out;
  }

  /** One node reserved for an ask of {@code user}'s application in {@code leaf}; {@code partition}: the node's label. */
  public record Reserved(String leaf, String user, Resource resource, String partition) {}
}
