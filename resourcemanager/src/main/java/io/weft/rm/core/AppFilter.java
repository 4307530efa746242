package io.weft.rm.core;

import io.weft.rm.app.AppReport;
import io.weft.rm.app.AppState;
import java.time.Instant;
import java.util.Set;

/**
 * Which applications GetApplications returns; empty sets and null bounds match everything.
 * {@code limit} 0 means no limit. States are the public ones ({@link AppReport#publicState()}).
 */
public record AppFilter(Set<AppState> states, Set<String> queues, Set<String> users, Set<String> types,
    Set<String> tags, long limit, Instant startFrom, Instant startTo, Instant finishFrom, Instant finishTo) {
  public AppFilter {
    states = Set.copyOf(states);
    queues = Set.copyOf(queues);
    users = Set.copyOf(users);
    types = Set.copyOf(types);
    tags = Set.copyOf(tags);
  }

  public AppFilter withQueues(Set<String> names) {
    return new AppFilter(states, names, users, types, tags, limit, startFrom, startTo, finishFrom, finishTo);
  }

  public static AppFilter all() {
    return new AppFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), 0, null, null, null, null);
  }

  public boolean matches(AppReport r) {
    return (states.isEmpty() || states.contains(r.publicState()))
        && (queues.isEmpty() || queues.contains(r.queue()))
        && (users.isEmpty() || users.contains(r.user()))
        && (types.isEmpty() || types.stream().anyMatch(t -> t.equalsIgnoreCase(r.type())))
        && (tags.isEmpty() || r.tags().stream().anyMatch(tags::contains))
        && within(r.submitTime(), startFrom, startTo)
        && (finishFrom == null && finishTo == null || r.finishTime() != null && within(r.finishTime(), finishFrom, finishTo));
  }

  private static boolean within(Instant t, Instant from, Instant to) {
    return (from == null || !t.isBefore(from)) && (to == null || !t.isAfter(to));
  }
}
