package io.weft.common.resource;

import io.weft.common.rpc.WeftException;
import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of cluster capacity: memory in MB, virtual cores, and any named countable resources
 * ({@code gpu}, ...). Immutable; arithmetic returns new values. Negative amounts only arise as
 * intermediate results of {@link #subtract}; requests are validated with {@link #requireValidRequest}.
 */
public record Resource(long memoryMb, int vcores, Map<String, Long> others) {
  public static final Resource NONE = new Resource(0, 0, Map.of());

  public Resource {
    others = others.isEmpty() ? Map.of() : Map.copyOf(new TreeMap<>(others));
  }

  // equals and hashCode written out: docs/design.md, "Record keys in hash maps"
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof Resource other && memoryMb == other.memoryMb && vcores == other.vcores
        && others.equals(other.others);
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(memoryMb) * 31 + vcores) * 31 + others.hashCode();
  }

  public static Resource of(long memoryMb, int vcores) {
    return new Resource(memoryMb, vcores, Map.of());
  }

  public long other(String name) {
    return others.getOrDefault(name, 0L);
  }

  public Resource add(Resource r) {
    return new Resource(memoryMb + r.memoryMb, vcores + r.vcores, combine(r, 1));
  }

  public Resource subtract(Resource r) {
    return new Resource(memoryMb - r.memoryMb, vcores - r.vcores, combine(r, -1));
  }

  public Resource multiply(int factor) {
    Map<String, Long> scaled = new TreeMap<>();
    others.forEach((k, v) -> scaled.put(k, v * factor));
    return new Resource(memoryMb * factor, vcores * factor, scaled);
  }

  /** True when every component of this is at most the same component of {@code capacity}. */
  public boolean fitsIn(Resource capacity) {
    if (memoryMb > capacity.memoryMb || vcores > capacity.vcores) {
      return false;
    }
    for (Map.Entry<String, Long> e : others.entrySet()) {
      if (e.getValue() > capacity.other(e.getKey())) {
        return false;
      }
    }
    return true;
  }

  public boolean isNonNegative() {
    return memoryMb >= 0 && vcores >= 0 && others.values().stream().allMatch(v -> v >= 0);
  }

  /** Component-wise maximum. */
  public Resource max(Resource r) {
    Map<String, Long> merged = new TreeMap<>(others);
    r.others.forEach((k, v) -> merged.merge(k, v, Math::max));
    return new Resource(Math.max(memoryMb, r.memoryMb), Math.max(vcores, r.vcores), merged);
  }

  /**
   * Rounds each of memory and vcores up to a multiple of {@code step} (YARN's normalization to
   * the minimum allocation), and to at least one step.
   */
  public Resource normalizeUp(Resource step) {
    return new Resource(roundUp(memoryMb, step.memoryMb), (int) roundUp(vcores, step.vcores), others);
  }

  private static long roundUp(long value, long step) {
    if (step <= 0) {
      return value;
    }
    long steps = Math.max(1, (value + step - 1) / step);
    return steps * step;
  }

  /** The share of {@code total} this takes on its dominant dimension (dominant-resource fairness). */
  public double dominantShareOf(Resource total) {
    double share = Math.max(ratio(memoryMb, total.memoryMb), ratio(vcores, total.vcores));
    for (Map.Entry<String, Long> e : others.entrySet()) {
      share = Math.max(share, ratio(e.getValue(), total.other(e.getKey())));
    }
    return share;
  }

  private static double ratio(long part, long whole) {
    return whole <= 0 ? (part > 0 ? Double.POSITIVE_INFINITY : 0) : (double) part / whole;
  }

  /**
   * Checks a requested capability against the cluster's maximum allocation; the message names
   * {@code what} ("executor", "AM container"), the figure and the limit. The maximum names every resource
   * type the cluster schedules, so a type it lacks is refused as unknown.
   */
  public void requireValidRequest(String what, Resource maximum) {
    if (memoryMb <= 0) {
      throw WeftException.invalidArgument(what + " memory must be positive, got " + memoryMb + " MB");
    }
    if (vcores <= 0) {
      throw WeftException.invalidArgument(what + " vcores must be positive, got " + vcores);
    }
    if (memoryMb > maximum.memoryMb) {
      throw WeftException.invalidArgument(what + " memory " + memoryMb + " MB exceeds the maximum allocation "
          + maximum.memoryMb + " MB");
    }
    if (vcores > maximum.vcores) {
      throw WeftException.invalidArgument(what + " vcores " + vcores + " exceed the maximum allocation "
          + maximum.vcores + " vcores");
    }
    for (Map.Entry<String, Long> e : others.entrySet()) {
      if (e.getValue() < 0) {
        throw WeftException.invalidArgument(what + " " + e.getKey() + " must not be negative, got " + e.getValue());
      }
      if (!maximum.others.containsKey(e.getKey())) {
        throw WeftException.invalidArgument(what + " names resource type '" + e.getKey() + "', which is not one of "
            + "the cluster's resource types " + maximum.others.keySet() + " (weft.resource-types)");
      }
      if (e.getValue() > maximum.other(e.getKey())) {
        throw WeftException.invalidArgument(what + " " + e.getKey() + " " + e.getValue()
            + " exceeds the maximum allocation " + maximum.other(e.getKey()));
      }
    }
  }

  private Map<String, Long> combine(Resource r, int sign) {
    if (others.isEmpty() && r.others.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> merged = new TreeMap<>(others);
    r.others.forEach((k, v) -> merged.merge(k, sign * v, Long::sum));
    return merged;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("<memory:").append(memoryMb).append(" MB, vCores:").append(vcores);
    others.forEach((k, v) -> sb.append(", ").append(k).append(':').append(v));
    return sb.append('>').toString();
  }
}
