package io.weft.driver.status;

import java.util.stream.LongStream;

/** Quantiles of one task metric, by nearest rank over the sorted values (all zero when there are none). */
final class TaskQuantiles {
  private TaskQuantiles() {}

  static AppStatusStore.MetricQuantiles of(String metric, LongStream values) {
    long[] sorted = values.sorted().toArray();
    return new AppStatusStore.MetricQuantiles(metric, at(sorted, 0), at(sorted, 0.25), at(sorted, 0.5),
        at(sorted, 0.75), at(sorted, 1));
  }

  private static long at(long[] sorted, double quantile) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.round(quantile * (sorted.length - 1))];
  }
}
