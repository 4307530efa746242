package io.weft.common.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One typed configuration option, declared once: key, type, default, description and the rule a
 * value must obey. Declaring a key registers it in {@link ConfigRegistry}, from which the
 * reference documentation is generated. Modules declare their keys as constants in a
 * {@code *Keys} class of their own.
 */
public final class ConfigKey<T> {
  private final String key;
  private final String type;
  private final String defaultText;
  private final String description;
  private final Function<String, T> parser;
  private final Predicate<T> rule;
  private final String ruleText;

  private ConfigKey(String key, String type, String defaultText, String description,
      Function<String, T> parser, Predicate<T> rule, String ruleText) {
    this.key = requireNonNull(key);
    this.type = requireNonNull(type);
    this.defaultText = defaultText;
    this.description = requireNonNull(description);
    this.parser = requireNonNull(parser);
    this.rule = requireNonNull(rule);
    this.ruleText = ruleText;
    ConfigRegistry.register(this);
  }

  public static ConfigKey<String> string(String key, String defaultValue, String description) {
    return new ConfigKey<>(key, "string", defaultValue, description, s -> s, v -> true, null);
  }

  public static ConfigKey<Boolean> bool(String key, boolean defaultValue, String description) {
    return new ConfigKey<>(key, "boolean", Boolean.toString(defaultValue), description, ConfigKey::parseBoolean,
        v -> true, null);
  }

  public static ConfigKey<Integer> integer(String key, int defaultValue, int min, int max, String description) {
    return new ConfigKey<>(key, "int", Integer.toString(defaultValue), description, Integer::valueOf,
        v -> v >= min && v <= max, "between " + min + " and " + max);
  }

  public static ConfigKey<Long> longValue(String key, long defaultValue, long min, long max, String description) {
    return new ConfigKey<>(key, "long", Long.toString(defaultValue), description, Long::valueOf,
        v -> v >= min && v <= max, "between " + min + " and " + max);
  }

  /** A duration given in milliseconds; the key name should end in {@code -ms}. */
  public static ConfigKey<Duration> millis(String key, long defaultMs, long minMs, String description) {
    return new ConfigKey<>(key, "duration (ms)", Long.toString(defaultMs), description,
        s -> Duration.ofMillis(Long.parseLong(s)), d -> d.toMillis() >= minMs, "at least " + minMs + " ms");
  }

  /** A memory size like {@code 512m} or {@code 2g} (plain numbers are MB), held in MB. */
  public static ConfigKey<Long> memoryMb(String key, String defaultValue, long minMb, String description) {
    return new ConfigKey<>(key, "memory (e.g. 512m, 2g)", defaultValue, description,
        s -> MemorySize.parseMb(s, key), v -> v >= minMb, "at least " + minMb + " MB");
  }

  /**
   * One of {@code allowed} (compared ignoring case, held as spelled in {@code allowed}); anything else
   * fails naming the value and the allowed ones.
   */
  public static ConfigKey<String> choice(String key, String defaultValue, java.util.List<String> allowed,
      String description) {
    java.util.List<String> choices = java.util.List.copyOf(allowed);
    return new ConfigKey<>(key, "choice", defaultValue, description,
        s -> choices.stream().filter(c -> c.equalsIgnoreCase(s)).findFirst().orElseThrow(
            () -> new IllegalArgumentException("expected one of " + String.join(", ", choices))),
        v -> true, "one of " + String.join(", ", choices));
  }

  /** A required key with no default; reading it unset fails with the key named. */
  public static ConfigKey<String> required(String key, String description) {
    return new ConfigKey<>(key, "string", null, description, s -> s, v -> true, null);
  }

  /**
   * Declares that this key used to be called {@code oldKey}: a configuration that still sets the old
   * name fails {@link WeftConfig#validate()} naming both, rather than being ignored as an unknown key.
   */
  public ConfigKey<T> renamedFrom(String oldKey) {
    ConfigRegistry.registerRename(oldKey, this);
    return this;
  }

  public String key() {
    return key;
  }

  public String type() {
    return type;
  }

  /** The default as text, or null when the key has none. */
  public String defaultText() {
    return defaultText;
  }

  public String description() {
    return description;
  }

  /** What a valid value must satisfy, or null when any value of the type is valid. */
  public String ruleText() {
    return ruleText;
  }

  /** Parses and validates; the exception names the key, the value and the rule. */
  public T parse(String text) {
    T value;
    try {
      value = parser.apply(text.trim());
    } catch (RuntimeException e) {
      throw new ConfigException("configuration " + key + "=" + text + " is not a valid " + type
          + (e.getMessage() == null || e instanceof NumberFormatException ? "" : ": " + e.getMessage()));
    }
    if (!rule.test(value)) {
      throw new ConfigException("configuration " + key + "=" + text + " is out of range: must be " + ruleText);
    }
    return value;
  }

  private static Boolean parseBoolean(String s) {
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return Boolean.valueOf(s);
    }
    throw new IllegalArgumentException("expected true or false");
  }

  @Override
  public String toString() {
    return key;
  }
}
