package io.weft.nm.warm;

import io.weft.common.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * How many idle warm JVMs this node keeps ({@code count} per heap size, up to {@code maxCount} while recent
 * launches ask for more) and of which heap sizes, and whether they warm up TLS too ({@code tls}: the node's
 * daemons speak it, so its containers will); see {@link WarmJvmPool}.
 */
public record WarmJvmSettings(boolean enabled, int count, int maxCount, List<Long> heapsMb, boolean tls) {
  public static final WarmJvmSettings OFF = new WarmJvmSettings(false, 0, 0, List.of(), false);
  /** Each idle JVM reserves its heap's address space and tens of MB of memory; more than this is a typo. */
  public static final int MAX_COUNT = 64;
  public static final long MAX_HEAP_MB = 1 << 20;

  public WarmJvmSettings {
    heapsMb = List.copyOf(heapsMb);
    if (maxCount < count) {
      throw new IllegalArgumentException("maxCount " + maxCount + " is below count " + count);
    }
  }

  /** A pool of exactly {@code count} per heap, never more, on a node without TLS. */
  public WarmJvmSettings(boolean enabled, int count, List<Long> heapsMb) {
    this(enabled, count, count, heapsMb, false);
  }

  /** Parses {@code heaps}, a comma-separated list of sizes such as {@code 256m,1g}; errors name the key and value. */
  public static List<Long> parseHeaps(String key, String heaps) {
    List<Long> sizes = new ArrayList<>();
    for (String part : heaps.split(",")) {
      String size = part.trim().toLowerCase(java.util.Locale.ROOT);
      if (size.isEmpty()) {
        continue;
      }
      long mb;
      try {
        mb = size.endsWith("g") ? Math.multiplyExact(Long.parseLong(size.substring(0, size.length() - 1)), 1024)
            : Long.parseLong(size.endsWith("m") ? size.substring(0, size.length() - 1) : size);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new ConfigException("configuration " + key + "=" + heaps + " is not valid: '" + part.trim()
            + "' is not a heap size such as 256m or 1g");
      }
      if (mb < 1 || mb > MAX_HEAP_MB) {
        throw new ConfigException("configuration " + key + "=" + heaps + " is not valid: heap " + part.trim()
            + " is outside 1 MB to " + MAX_HEAP_MB + " MB");
      }
      if (!sizes.contains(mb)) {
        sizes.add(mb);
      }
    }
    return sizes;
  }
}
