package io.weft.nm.executor;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link LocalUser#lookup} remembered for a short while: a container start looks its user up three
 * times (admit, dirs, launch) and each lookup forks {@code getent}. An account removed or changed on
 * the host is seen within {@link #TTL}; an unknown name is not remembered, so a user just created
 * can run at once.
 */
final class LocalUsers {
  static final Duration TTL = Duration.ofSeconds(30);

  private record Entry(LocalUser user, Instant at) {}

  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  LocalUsers(Clock clock) {
    this.clock = requireNonNull(clock);
  }

  Optional<LocalUser> lookup(String name) {
    Instant now = clock.instant();
    Entry entry = entries.get(name);
    if (entry != null && !entry.at().plus(TTL).isBefore(now)) {
      return Optional.of(entry.user());
    }
    Optional<LocalUser> user = LocalUser.lookup(name);
    if (user.isPresent()) {
      if (entries.size() > 10_000) {
        entries.clear();
      }
      entries.put(name, new Entry(user.get(), now));
    } else {
      entries.remove(name);
    }
    return user;
  }
}
