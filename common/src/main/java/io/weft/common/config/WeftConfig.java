package io.weft.common.config;

import io.weft.common.launch.ContainerEnvironment;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An immutable set of configuration values, read through typed {@link ConfigKey}s. Built from
 * {@code conf/weft-site.properties} and then {@code --conf key=value} overrides; later sources
 * win. Raw maps never travel past a component's constructor.
 */
public final class WeftConfig {
  public static final String SITE_FILE = "weft-site.properties";

  private final Map<String, String> values;
  /** The properties file the values were read from, if any, and what it held then (to tell overrides apart). */
  private final Path siteFile;
  private final Map<String, String> fromFile;

  private WeftConfig(Map<String, String> values) {
    this(values, null, Map.of());
  }

  private WeftConfig(Map<String, String> values, Path siteFile, Map<String, String> fromFile) {
    this.values = Map.copyOf(values);
    this.siteFile = siteFile;
    this.fromFile = Map.copyOf(fromFile);
  }

  public static WeftConfig empty() {
    return new WeftConfig(Map.of());
  }

  public static WeftConfig of(Map<String, String> values) {
    return new WeftConfig(values);
  }

  /**
   * Loads {@code weft-site.properties} from {@code $WEFT_CONF_DIR}, else {@code $WEFT_HOME/conf};
   * absent files are fine.
   */
  public static WeftConfig loadDefault() {
    Map<String, String> env = ContainerEnvironment.current();
    String confDir = env.get("WEFT_CONF_DIR");
    if (confDir == null && env.get("WEFT_HOME") != null) {
      confDir = Path.of(env.get("WEFT_HOME"), "conf").toString();
    }
    if (confDir == null) {
      return empty();
    }
    Path file = Path.of(confDir, SITE_FILE);
    return Files.isRegularFile(file) ? load(file) : empty();
  }

  /**
   * What a Weft process started by {@code bin/weft} is configured with: {@link #loadDefault()}, then every
   * {@code -Dweft.*} system property (given through WEFT_OPTS), which wins.
   */
  public static WeftConfig fromEnvironment() {
    Map<String, String> fromSystem = new LinkedHashMap<>();
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("weft.")).sorted()
        .forEach(k -> fromSystem.put(k, System.getProperty(k)));
    return loadDefault().with(fromSystem);
  }

  public static WeftConfig load(Path propertiesFile) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + propertiesFile + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k)));
    return new WeftConfig(values, propertiesFile, values);
  }

  /** The properties file this configuration was loaded from (before any overrides), if it was. */
  public Optional<Path> siteFile() {
    return Optional.ofNullable(siteFile);
  }

  /**
   * This configuration with its {@link #siteFile} read again: what the file says now, under the same overrides
   * as before (a value given over the file, by --conf or -D, still wins). Without a file, this configuration.
   */
  public WeftConfig reloaded() {
    if (siteFile == null) {
      return this;
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (!v.equals(fromFile.get(k))) {
        overrides.put(k, v);
      }
    });
    return load(siteFile).with(overrides);
  }

  /** This configuration with {@code overrides} applied on top. */
  public WeftConfig with(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    merged.putAll(overrides);
    return new WeftConfig(merged, siteFile, fromFile);
  }

  public WeftConfig with(ConfigKey<?> key, Object value) {
    return with(Map.of(key.key(), String.valueOf(value)));
  }

  /** The value of {@code key}, or its default; fails with the key named when it has neither. */
  public <T> T get(ConfigKey<T> key) {
    String text = values.get(key.key());
    if (text == null) {
      text = key.defaultText();
    }
    if (text == null) {
      throw new ConfigException("configuration " + key.key() + " is required (" + key.description() + ")");
    }
    return key.parse(text);
  }

  public Optional<String> raw(String key) {
    return Optional.ofNullable(values.get(requireNonNull(key)));
  }

  /** Every value explicitly set, sorted by key (for passing a configuration on). */
  public Map<String, String> asMap() {
    return new TreeMap<>(values);
  }

  /**
   * Reads every declared key that is set, so a bad value fails at start-up rather than later; a key
   * set under a name it no longer has fails too, so it is not silently ignored.
   */
  public WeftConfig validate() {
    values.keySet().forEach(k -> ConfigRegistry.renamedTo(k).ifPresent(key -> {
      throw new ConfigException("configuration key " + k + " was renamed to " + key.key());
    }));
    values.forEach((k, v) -> ConfigRegistry.find(k).ifPresent(key -> key.parse(v)));
    return this;
  }
}
