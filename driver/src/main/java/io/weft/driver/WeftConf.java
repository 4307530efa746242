package io.weft.driver;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A user's settings for a {@link WeftContext}, like Spark's {@code SparkConf}: string keys and
 * values. {@code new WeftConf()} starts from every {@code weft.*} Java system property (which is
 * how {@code weft submit} and the ApplicationMaster pass configuration to the driver). The typed
 * view of the keys the driver reads is {@link DriverKeys}.
 */
public final class WeftConf {
  /** The master URL: {@code local}, {@code local[N]}, {@code local[*]}, {@code weft}, {@code weft://host:port}. */
  public static final String MASTER = "weft.master";
  public static final String APP_NAME = "weft.app.name";
  /** {@code cluster} or {@code client}; set by {@code weft submit} and the ApplicationMaster. */
  public static final String DEPLOY_MODE = "weft.submit.deployMode";

  private final Map<String, String> settings = new TreeMap<>();

  /** Loads every {@code weft.*} system property. */
  public WeftConf() {
    this(true);
  }

  /** {@code loadDefaults == false} starts empty, ignoring system properties (for tests). */
  public WeftConf(boolean loadDefaults) {
    if (loadDefaults) {
      System.getProperties().stringPropertyNames().stream()
          .filter(k -> k.startsWith("weft."))
          .forEach(k -> settings.put(k, System.getProperty(k)));
    }
  }

  public synchronized WeftConf set(String key, String value) {
    settings.put(requireNonNull(key, "key"), requireNonNull(value, () -> "value of " + key));
    return this;
  }

  public WeftConf setAppName(String name) {
    return set(APP_NAME, name);
  }

  public WeftConf setMaster(String master) {
    return set(MASTER, master);
  }

  /**
   * The jars every executor loads the application's classes from ({@code weft.jars}, what {@code weft submit --jars}
   * sets), like Spark's {@code SparkConf.setJars}: paths on this machine, which the driver ships, or
   * {@code local:/path} for a jar already on every node. Replaces the jars set before; none clears them.
   */
  public WeftConf setJars(String... jars) {
    return setJars(List.of(jars));
  }

  /** As {@link #setJars(String...)}. */
  public WeftConf setJars(Collection<String> jars) {
    for (String jar : jars) {
      if (jar == null || jar.isBlank() || jar.contains(",")) {
        throw new IllegalArgumentException("jar '" + jar + "' of " + jars + " must be a path or local:/path"
            + " without commas (" + DriverKeys.JARS.key() + " is a comma-separated list)");
      }
    }
    return set(DriverKeys.JARS.key(), String.join(",", jars));
  }

  /** The value of {@code key}; fails naming the key when it is not set. */
  public synchronized String get(String key) {
    String value = settings.get(key);
    if (value == null) {
      throw new java.util.NoSuchElementException("configuration " + key + " is not set");
    }
    return value;
  }

  public synchronized String get(String key, String defaultValue) {
    return settings.getOrDefault(key, defaultValue);
  }

  public synchronized Optional<String> getOption(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  public synchronized boolean contains(String key) {
    return settings.containsKey(key);
  }

  /** A sorted copy of every setting. */
  public synchronized Map<String, String> getAll() {
    return new TreeMap<>(settings);
  }

  @Override
  public synchronized String toString() {
    return "WeftConf" + settings;
  }
}
