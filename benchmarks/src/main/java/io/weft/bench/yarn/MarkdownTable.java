package io.weft.bench.yarn;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table built row by row; cells may not hold '|'. */
final class MarkdownTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(List<String> header) {
    this.header = List.copyOf(header);
  }

  MarkdownTable row(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + header.size()
          + " columns: " + cells);
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  String render() {
    StringBuilder s = new StringBuilder();
    line(s, header);
    line(s, header.stream().map(h -> "---").toList());
    rows.forEach(r -> line(s, r));
    return s.toString();
  }

  private static void line(StringBuilder s, List<String> cells) {
    s.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
