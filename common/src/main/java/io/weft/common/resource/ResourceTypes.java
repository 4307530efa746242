package io.weft.common.resource;

import io.weft.common.config.ConfigException;
import io.weft.common.rpc.WeftException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The countable resource types the cluster schedules besides memory and vcores ({@code weft.resource-types},
 * YARN's {@code yarn.resource-types}): every ask and every NodeManager advertisement may name only these.
 */
public record ResourceTypes(List<String> names) {
  public static final ResourceTypes NONE = new ResourceTypes(List.of());
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]*");

  public ResourceTypes {
    names = List.copyOf(names);
  }

  /** Parses a comma-separated list; {@code key} names the setting in errors. */
  public static ResourceTypes parse(String text, String key) {
    List<String> names = new ArrayList<>();
    for (String part : text.split(",")) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!NAME.matcher(name).matches() || name.equals("memory") || name.equals("memory-mb")
          || name.equals("vcores")) {
        throw new ConfigException("configuration " + key + "=" + text + ": '" + name + "' is not a resource type "
            + "name (lower-case letters, digits, '.', '_' or '-', starting with a letter; memory and vcores are "
            + "always there)");
      }
      if (names.contains(name)) {
        throw new ConfigException("configuration " + key + "=" + text + " names '" + name + "' twice");
      }
      names.add(name);
    }
    return new ResourceTypes(names);
  }

  public boolean contains(String name) {
    return names.contains(name);
  }

  /**
   * Refuses {@code r} when it names a type the cluster does not schedule or a negative amount; {@code what} says
   * whose it is ("container ask", "node host-1:45454").
   */
  public void requireKnown(String what, Resource r) {
    for (var e : r.others().entrySet()) {
      if (!names.contains(e.getKey())) {
        throw WeftException.invalidArgument(what + " names resource type '" + e.getKey() + "', which is not one "
            + "of the cluster's resource types " + names + " (weft.resource-types)");
      }
      if (e.getValue() < 0) {
        throw WeftException.invalidArgument(what + " asks " + e.getKey() + " " + e.getValue()
            + "; an amount must not be negative");
      }
    }
  }

  @Override
  public String toString() {
    return String.join(",", names);
  }
}
