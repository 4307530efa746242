package io.weft.nm.health;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** One verdict on the node's health: {@code report} says what is wrong (empty when healthy). */
public record NodeHealth(boolean healthy, String report, Instant checked) {
  public NodeHealth {
    requireNonNull(report);
    requireNonNull(checked);
  }

  public static NodeHealth healthy(Instant checked) {
    return new NodeHealth(true, "", checked);
  }

  public static NodeHealth unhealthy(String report, Instant checked) {
    return new NodeHealth(false, report, checked);
  }

  /** Unhealthy when any part is, with every part's report; checked when the latest part was. */
  public static NodeHealth combine(List<NodeHealth> parts, Instant fallback) {
    boolean healthy = parts.stream().allMatch(NodeHealth::healthy);
    String report = parts.stream().map(NodeHealth::report).filter(r -> !r.isBlank())
        .collect(Collectors.joining("; "));
    Instant checked = parts.stream().map(NodeHealth::checked).max(Instant::compareTo).orElse(fallback);
    return new NodeHealth(healthy, report, checked);
  }
}
