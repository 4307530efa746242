package io.weft.bench.yarn;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One figure as the table shows it: a median with its min and max (for {@code <name>.median/.min/.max}) or a
 * single value (for {@code <name>}), plus how many samples it has when fewer than expected.
 */
public record Measure(double value, double min, double max, String unit, int samples) {
  /** No such figure on that side. */
  public static final Measure MISSING = new Measure(Double.NaN, Double.NaN, Double.NaN, "", -1);
  /** The side wrote the figure but could not take it in any repetition ({@code <name>.median: n/a}). */
  public static final Measure NOT_AVAILABLE = new Measure(Double.NaN, Double.NaN, Double.NaN, "", 0);

  /** The figure {@code name} in {@code lines}: its median/min/max if written so, else the plain value. */
  public static Measure of(ResultLines lines, String name) {
    OptionalDouble median = lines.number(name + ".median");
    if (median.isPresent()) {
      String unit = lines.get(name + ".median").orElseThrow().unit();
      int samples = (int) lines.number(name + ".samples").orElse(-1);
      return new Measure(median.getAsDouble(), lines.number(name + ".min").orElse(Double.NaN),
          lines.number(name + ".max").orElse(Double.NaN), unit, samples);
    }
    if (lines.get(name + ".median").isPresent()) {
      return NOT_AVAILABLE;
    }
    OptionalDouble value = lines.number(name);
    if (value.isPresent()) {
      return new Measure(value.getAsDouble(), Double.NaN, Double.NaN, lines.get(name).orElseThrow().unit(), -1);
    }
    return MISSING;
  }

  /** A number to compare. */
  public boolean isPresent() {
    return !Double.isNaN(value);
  }

  /** A number, or a figure the side tried and could not take: worth a row. */
  public boolean isReported() {
    return isPresent() || samples == 0;
  }

  /**
   * {@code 1234 [1100–1500] ms}, {@code 8,675 allocs/s} (also a median of one sample), {@code n/a} when the side
   * could not take it, or {@code –} when missing.
   */
  public String text() {
    if (!isPresent()) {
      return samples == 0 ? "n/a" : "–";
    }
    StringBuilder s = new StringBuilder(number(value));
    if (!Double.isNaN(min) && !Double.isNaN(max) && min != max) {
      s.append(" [").append(number(min)).append('–').append(number(max)).append(']');
    }
    if (!unit.isEmpty()) {
      s.append(' ').append(unit);
    }
    if (samples >= 0) {
      s.append(" (").append(samples).append(" samples)");
    }
    return s.toString();
  }

  static String number(double x) {
    return Math.abs(x) >= 100 || x == Math.rint(x) ? String.format(Locale.ROOT, "%,.0f", x)
        : String.format(Locale.ROOT, "%.1f", x);
  }
}
