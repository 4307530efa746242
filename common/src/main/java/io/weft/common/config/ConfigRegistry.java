package io.weft.common.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Every declared {@link ConfigKey}, by name: for validation of unknown keys and for docs. */
public final class ConfigRegistry {
  private static final Map<String, ConfigKey<?>> KEYS = new ConcurrentSkipListMap<>();

  private ConfigRegistry() {}

  static void register(ConfigKey<?> key) {
    ConfigKey<?> previous = KEYS.putIfAbsent(key.key(), key);
    if (previous != null && previous != key) {
      throw new IllegalStateException("configuration key " + key.key() + " is declared twice");
    }
  }

  public static Optional<ConfigKey<?>> find(String key) {
    return Optional.ofNullable(KEYS.get(key));
  }

  /** The keys declared by classes loaded so far, sorted by name. */
  public static List<ConfigKey<?>> all() {
    return List.copyOf(KEYS.values());
  }
}
