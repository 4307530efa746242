package io.weft.common.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Every declared {@link ConfigKey}, by name: for validation of unknown keys and for docs. */
public final class ConfigRegistry {
  private static final Map<String, ConfigKey<?>> KEYS = new ConcurrentSkipListMap<>();
  private static final Map<String, ConfigKey<?>> RENAMED = new ConcurrentSkipListMap<>();

  private ConfigRegistry() {}

  static void register(ConfigKey<?> key) {
    ConfigKey<?> previous = KEYS.putIfAbsent(key.key(), key);
    if (previous != null && previous != key) {
      throw new IllegalStateException("configuration key " + key.key() + " is declared twice");
    }
  }

  static void registerRename(String oldKey, ConfigKey<?> key) {
    if (KEYS.containsKey(oldKey)) {
      throw new IllegalStateException("configuration key " + oldKey + " is declared and renamed to " + key.key());
    }
    ConfigKey<?> previous = RENAMED.putIfAbsent(oldKey, key);
    if (previous != null && previous != key) {
      throw new IllegalStateException("configuration key " + oldKey + " is renamed twice");
    }
  }

  /** The key that {@code oldKey} was renamed to, if it was. */
  public static Optional<ConfigKey<?>> renamedTo(String oldKey) {
    return Optional.ofNullable(RENAMED.get(oldKey));
  }

  /** Every renamed key's old name and its new key, sorted by old name. */
  public static Map<String, ConfigKey<?>> renamed() {
    return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(RENAMED));
  }

  public static Optional<ConfigKey<?>> find(String key) {
    return Optional.ofNullable(KEYS.get(key));
  }

  /** The keys declared by classes loaded so far, sorted by name. */
  public static List<ConfigKey<?>> all() {
    return List.copyOf(KEYS.values());
  }
}
