package io.weft.bench.yarn;

import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures in the YARN harness's result format, one per line: {@code name: value unit} (e.g.
 * {@code e2e.default.trueam.n4.finished.median: 5087 ms}). Both sides of the comparison write and read
 * this one format, so a Weft figure and its YARN counterpart differ only in their names.
 */
public final class ResultLines {
  /** The harness's own test for a result line (run.sh's {@code RESULT_LINE}); anything else is a comment or log. */
  private static final Pattern LINE = Pattern.compile("^([a-z][A-Za-z0-9_.-]*): (\\S+)(?: (.*))?$");

  private final Map<String, Figure> figures;

  private ResultLines(Map<String, Figure> figures) {
    this.figures = Collections.unmodifiableMap(figures);
  }

  /** The figures among {@code lines}; a later line with the same name replaces an earlier one. */
  public static ResultLines parse(List<String> lines) {
    Map<String, Figure> figures = new LinkedHashMap<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line.strip());
      if (m.matches()) {
        figures.put(m.group(1), new Figure(m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3).strip()));
      }
    }
    return new ResultLines(figures);
  }

  /** Both sets of figures; {@code other}'s win where names collide. */
  public ResultLines plus(ResultLines other) {
    Map<String, Figure> merged = new LinkedHashMap<>(figures);
    merged.putAll(other.figures);
    return new ResultLines(merged);
  }

  public Optional<Figure> get(String name) {
    return Optional.ofNullable(figures.get(name));
  }

  /** The number named {@code name}, empty when it is missing or not a number (e.g. {@code n/a}). */
  public OptionalDouble number(String name) {
    return get(name).map(Figure::number).orElse(OptionalDouble.empty());
  }

  public Map<String, Figure> all() {
    return figures;
  }

  /** Writes one figure as a result line; whole numbers without decimals, others with one. */
  public static void emit(PrintStream out, String name, double value, String unit) {
    emitText(out, name, format(value), unit);
  }

  public static void emitText(PrintStream out, String name, String value, String unit) {
    if (!LINE.matcher(name + ": " + value).matches()) {
      throw new IllegalArgumentException("not a result line: name '" + name + "', value '" + value
          + "' (names start with a lower-case letter and hold only letters, digits, '_', '.', '-'; values have no"
          + " spaces)");
    }
    out.println(name + ": " + value + (unit.isEmpty() ? "" : " " + unit));
    out.flush();
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  /** One figure: its name, its value as written and its unit (empty when none). */
  public record Figure(String name, String value, String unit) {
    public OptionalDouble number() {
      try {
        return OptionalDouble.of(Double.parseDouble(value));
      } catch (NumberFormatException e) {
        return OptionalDouble.empty();
      }
    }
  }
}
