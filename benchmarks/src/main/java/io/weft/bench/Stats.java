package io.weft.bench;

import io.weft.bench.yarn.ResultLines;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median and spread of repeated measurements. */
public final class Stats {
  private Stats() {}

  static String summary(List<Double> values, String unit) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return String.format(Locale.ROOT, "%,.1f %s (median of %d; min %,.1f, max %,.1f)", median(sorted), unit,
        sorted.size(), sorted.get(0), sorted.get(sorted.size() - 1));
  }

  /**
   * Median, min and max as result lines ({@code <name>.median: …}), the form the YARN harness writes;
   * {@code <name>.median: n/a} when there are no values.
   */
  public static void emit(String name, List<Double> values, String unit) {
    if (values.isEmpty()) {
      ResultLines.emitText(System.out, name + ".median", "n/a", unit);
      return;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    ResultLines.emit(System.out, name + ".median", median(sorted), unit);
    ResultLines.emit(System.out, name + ".min", sorted.get(0), unit);
    ResultLines.emit(System.out, name + ".max", sorted.get(sorted.size() - 1), unit);
  }

  private static double median(List<Double> sorted) {
    return sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
  }

  static double percentile(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100 * sortedNanos.length) - 1);
    return sortedNanos[Math.max(0, i)] / 1e6;
  }
}
