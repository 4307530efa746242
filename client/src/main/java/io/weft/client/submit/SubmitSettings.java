package io.weft.client.submit;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.KnownKeys;
import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The properties of one {@code weft submit}, each with where it came from. Sources are added from
 * the weakest to the strongest, as spark-submit ranks them: {@code weft-site.properties}, the
 * properties file, {@code --conf}, then the flags; a later source replaces an earlier value.
 */
public final class SubmitSettings {
  /** Values of keys that match this are shown masked (as Spark's spark.redaction.regex). */
  private static final Pattern SECRET = Pattern.compile("(?i)secret|password|token|credential|access[.-]?key");
  public static final String DEFAULTS_FILE = "weft-defaults.conf";

  public record Setting(String value, String source) {}

  private final Map<String, Setting> settings = new TreeMap<>();

  public SubmitSettings put(String key, String value, String source) {
    settings.put(requireNonNull(key), new Setting(requireNonNull(value, key), requireNonNull(source)));
    return this;
  }

  public SubmitSettings putAll(Map<String, String> values, String source) {
    values.forEach((k, v) -> put(k, v, source));
    return this;
  }

  public Optional<String> value(String key) {
    return Optional.ofNullable(settings.get(key)).map(Setting::value);
  }

  public Optional<Setting> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** Every {@code weft.*} value not from {@code excludedSource}, by key: what the driver and AM are given. */
  public Map<String, String> weftValues(String excludedSource) {
    Map<String, String> values = new LinkedHashMap<>();
    settings.forEach((k, s) -> {
      if (k.startsWith("weft.") && !s.source().equals(excludedSource)) {
        values.put(k, s.value());
      }
    });
    return values;
  }

  /** The keys that are not {@code weft.*}: spark-submit ignores them with a warning, and so does this. */
  public List<String> foreignKeys() {
    return settings.keySet().stream().filter(k -> !k.startsWith("weft.")).toList();
  }

  /** A warning for each {@code weft.*} key Weft does not know, naming its source and the closest known key. */
  public List<String> unknownKeyWarnings() {
    KnownKeys.loadKeyClasses();
    List<String> warnings = new ArrayList<>();
    settings.forEach((k, s) -> KnownKeys.warning(k, s.source()).ifPresent(warnings::add));
    return warnings;
  }

  /** {@code key=value (source)} for each {@code weft.*} key, secrets masked, sorted by key. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    settings.forEach((k, s) -> {
      if (k.startsWith("weft.")) {
        lines.add(k + "=" + (isSecret(k) ? "*********(redacted)" : s.value()) + "  (" + s.source() + ")");
      }
    });
    return lines;
  }

  static boolean isSecret(String key) {
    return SECRET.matcher(key).find();
  }

  /**
   * Reads a spark-defaults.conf-style file: {@code key value} or {@code key=value} per line, {@code #}
   * comments (Java properties syntax, values trimmed as spark-submit does).
   */
  public static Map<String, String> readPropertiesFile(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw WeftException.invalidArgument("properties file " + file.toAbsolutePath()
          + " does not exist or is not readable");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw WeftException.invalidArgument("cannot read properties file " + file + ": " + e.getMessage());
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k).trim()));
    return values;
  }

  /**
   * The properties file used without {@code --properties-file}: {@code weft-defaults.conf} in
   * {@code $WEFT_CONF_DIR}, else in {@code $WEFT_HOME/conf}, if it exists.
   */
  public static Optional<Path> defaultPropertiesFile(Map<String, String> environment) {
    String confDir = environment.get("WEFT_CONF_DIR");
    if ((confDir == null || confDir.isBlank()) && environment.get("WEFT_HOME") != null) {
      confDir = Path.of(environment.get("WEFT_HOME"), "conf").toString();
    }
    if (confDir == null || confDir.isBlank()) {
      return Optional.empty();
    }
    Path file = Path.of(confDir, DEFAULTS_FILE);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }
}
