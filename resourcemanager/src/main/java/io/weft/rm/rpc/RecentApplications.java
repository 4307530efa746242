package io.weft.rm.rpc;

import io.weft.common.id.ApplicationId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A fact about each of the most recent {@value #REMEMBERED} applications, in memory: what the RPC side
 * learns of an application (where it was submitted from, what its tracking URL presents) for the web
 * proxy, bounded so a stream of submissions cannot grow it.
 */
final class RecentApplications<V> {
  static final int REMEMBERED = 10_000;

  private final Map<ApplicationId, V> values = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ApplicationId, V> eldest) {
      return size() > REMEMBERED;
    }
  };

  synchronized Optional<V> of(ApplicationId id) {
    return Optional.ofNullable(values.get(id));
  }

  /** Keeps the first value recorded for {@code id}. */
  synchronized void recordFirst(ApplicationId id, V value) {
    values.putIfAbsent(id, value);
  }

  /** Keeps the latest value recorded for {@code id}, as the most recent entry. */
  synchronized void recordLatest(ApplicationId id, V value) {
    values.remove(id);
    values.put(id, value);
  }
}
