package io.weft.common.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a {@code weft.*} key is one Weft reads, and which declared key a misspelt one most likely
 * meant. Keys are declared in each module's {@code *Keys} class; a process only knows those whose
 * class it has loaded, so {@link #loadKeyClasses()} loads every one that is on the class path.
 */
public final class KnownKeys {
  /** Every class that declares keys; loading a class registers its keys. */
  public static final List<String> KEY_CLASSES = List.of(
      "io.weft.common.config.CommonKeys",
      "io.weft.common.logstore.LogStores",
      "io.weft.rm.config.RmKeys",
      "io.weft.rm.ha.HaKeys",
      "io.weft.nm.NmKeys",
      "io.weft.shuffle.ShuffleKeys",
      "io.weft.driver.DriverKeys",
      "io.weft.am.AmKeys",
      "io.weft.history.HistoryKeys",
      "io.weft.jobserver.JobServerKeys");

  /** Keys read as plain strings rather than through a declared key (WeftConf's master, name, deploy mode). */
  private static final Set<String> UNDECLARED = Set.of("weft.master", "weft.app.name", "weft.submit.deployMode",
      "weft.log.level");

  /** Families of keys whose last parts are names the user chooses: queues, auxiliary services, resource types. */
  private static final List<String> OPEN_PREFIXES = List.of("weft.scheduler.capacity.",
      "weft.nodemanager.aux-services.", "weft.executor.resource.", "weft.driver.resource.");

  private KnownKeys() {}

  /** Loads every key class this process has; returns the names of those it lacks. */
  public static List<String> loadKeyClasses() {
    List<String> missing = new java.util.ArrayList<>();
    for (String name : KEY_CLASSES) {
      try {
        Class.forName(name, true, KnownKeys.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        missing.add(name);
      }
    }
    return missing;
  }

  /**
   * A key Weft reads: declared, renamed (validation names the new key), read undeclared, in an open
   * family ({@code weft.scheduler.capacity.*}), or a declared key with an id after it
   * ({@code weft.resourcemanager.address.rm1}).
   */
  public static boolean isKnown(String key) {
    if (ConfigRegistry.find(key).isPresent() || ConfigRegistry.renamedTo(key).isPresent()
        || UNDECLARED.contains(key) || OPEN_PREFIXES.stream().anyMatch(key::startsWith)) {
      return true;
    }
    int dot = key.lastIndexOf('.');
    return dot > 0 && ConfigRegistry.find(key.substring(0, dot)).isPresent();
  }

  /**
   * The known key closest to {@code key} by edit distance, if one is close enough to be a likely typo
   * (at most a third of the key's length apart).
   */
  public static Optional<String> closest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    List<String> candidates = new java.util.ArrayList<>(UNDECLARED);
    ConfigRegistry.all().forEach(k -> candidates.add(k.key()));
    for (String candidate : candidates) {
      int distance = editDistance(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
  public static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * The warning for an unknown {@code weft.*} key set by {@code source}, or empty when the key is
   * known or not Weft's. An application may define {@code weft.*} keys of its own, so this is never an error.
   */
  public static Optional<String> warning(String key, String source) {
    if (!key.startsWith("weft.") || isKnown(key)) {
      return Optional.empty();
    }
    return Optional.of("Warning: unknown configuration key " + key + " (" + source + ")"
        + closest(key).map(k -> "; did you mean " + k + "?").orElse("; Weft does not read it"));
  }
}
