package io.weft.nm.auxservice;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.nm.NmKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which auxiliary services to run: names from {@code weft.nodemanager.aux-services}, each with the class of
 * {@code weft.nodemanager.aux-services.<name>.class} (or the built-in default for a name Weft ships), and
 * the NodeManager's configuration, from which each service reads its own keys.
 */
public record AuxServiceSettings(List<Service> services, WeftConfig config) {
  /** The services Weft ships, by name: loaded by class name, so the NodeManager does not depend on their modules. */
  static final Map<String, String> BUILT_IN = Map.of("weft_shuffle", "io.weft.shuffle.service.ExternalShuffleService");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

  /** One service: its name and the key and value that named its class (for errors). */
  public record Service(String name, String className, String classKey) {
    public Service {
      requireNonNull(name);
      requireNonNull(className);
      requireNonNull(classKey);
    }
  }

  public AuxServiceSettings {
    services = List.copyOf(services);
    requireNonNull(config);
  }

  public static final AuxServiceSettings NONE = new AuxServiceSettings(List.of(), WeftConfig.empty());

  public static AuxServiceSettings from(WeftConfig config) {
    String names = config.get(NmKeys.AUX_SERVICES);
    Set<String> unique = new LinkedHashSet<>();
    for (String raw : names.split(",")) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!NAME.matcher(name).matches()) {
        throw new ConfigException("configuration " + NmKeys.AUX_SERVICES.key() + "=" + names + " names '" + name
            + "', which is not a service name (letters, digits and _)");
      }
      unique.add(name);
    }
    List<Service> services = new ArrayList<>();
    for (String name : unique) {
      String key = NmKeys.AUX_SERVICE_CLASS_PREFIX + name + NmKeys.AUX_SERVICE_CLASS_SUFFIX;
      String className = config.raw(key).map(String::trim).filter(s -> !s.isEmpty())
          .orElseGet(() -> BUILT_IN.get(name));
      if (className == null) {
        throw new ConfigException("configuration " + NmKeys.AUX_SERVICES.key() + "=" + names + " names service '"
            + name + "' but " + key + " is not set (the class of the service)");
      }
      services.add(new Service(name, className, key));
    }
    return new AuxServiceSettings(services, config);
  }
}
