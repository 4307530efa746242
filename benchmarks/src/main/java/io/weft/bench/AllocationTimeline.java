package io.weft.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The wire benchmark's run second by second, the warm-up included: the rate and tail in each stretch of the run
 * show whether the measured window was a steady state, or an RM still working off what piled up while its JIT
 * compiled. A paced AM answered late calls again at once and counts each ask from when its call was due, so a
 * backlog shows as waits of seconds that shrink while the RM answers faster than it is asked.
 */
final class AllocationTimeline {
  private static final long STRETCH_NANOS = 5_000_000_000L;
  private static final long SECOND_NANOS = 1_000_000_000L;
  /** Waits above this in the measured window's first second mean a backlog was still being worked off. */
  private static final double BACKLOG_MS = 100;

  private AllocationTimeline() {}

  /**
   * Prints, for every 5 s of the run from {@code start}, the allocations a second and their p99 wait, and a warning
   * when the window measured from {@code warm} opened behind schedule.
   */
  static void print(List<SimulatedAm> ams, long start, long warm, long end) {
    int stretches = (int) ((end - start + STRETCH_NANOS - 1) / STRETCH_NANOS);
    LongList[] waits = new LongList[stretches];
    Arrays.setAll(waits, i -> new LongList());
    LongList firstSecond = new LongList();
    for (SimulatedAm am : ams) {
      long[] arrivals = am.arrivals();
      long[] waited = am.waits();
      for (int i = 0; i < arrivals.length; i++) {
        if (arrivals[i] >= start) {
          waits[(int) ((arrivals[i] - start) / STRETCH_NANOS)].add(waited[i]);
        }
        if (arrivals[i] >= warm && arrivals[i] < warm + SECOND_NANOS) {
          firstSecond.add(waited[i]);
        }
      }
    }
    StringBuilder line = new StringBuilder("every 5 s of the run, warm-up included (allocations/s, p99 wait):");
    for (int i = 0; i < stretches; i++) {
      long[] sorted = waits[i].toArray();
      Arrays.sort(sorted);
      long from = i * STRETCH_NANOS;
      double seconds = (Math.min(from + STRETCH_NANOS, end - start) - from) / 1e9;
      line.append(String.format(Locale.ROOT, "%s %.0f-%.0f s %,.0f/s %s", i == 0 ? "" : ";", from / 1e9,
          from / 1e9 + seconds, sorted.length / seconds,
          sorted.length == 0 ? "-" : milliseconds(Stats.percentile(sorted, 99))));
    }
    System.out.println(line);
    long[] opening = firstSecond.toArray();
    Arrays.sort(opening);
    double medianMs = Stats.percentile(opening, 50); // NaN, so never above the limit, when nothing arrived
    if (warm > start && medianMs > BACKLOG_MS) {
      System.out.printf(Locale.ROOT, "NOT A STEADY STATE: the containers of the measured window's first second had "
          + "waited %s (median) for their asks: the backlog of the warm-up was still being worked off, and the "
          + "figures below include it; a longer --warm-up measures the steady state%n", milliseconds(medianMs));
    }
  }

  private static String milliseconds(double ms) {
    return ms >= 1000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
  }
}
