package io.weft.driver.ui;

import io.weft.common.web.Html;
import io.weft.driver.status.AppStatusStore.StageView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job's stage DAG as inline SVG, drawn on the server from the stages' parent ids (no script): a
 * box per stage, columns by depth (a stage sits right of every parent), an arrow per shuffle a
 * stage reads. A parent from an earlier job is drawn dashed as skipped: this job found its
 * outputs and did not run it. The latest attempt of a stage stands for it.
 */
final class StageDag {
  private static final int BOX_WIDTH = 190;
  private static final int BOX_HEIGHT = 58;
  private static final int COLUMN_GAP = 70;
  private static final int ROW_GAP = 24;
  private static final int MARGIN = 10;

  private record Node(int stageId, StageView stage) {
    boolean skipped() {
      return stage == null;
    }
  }

  private StageDag() {}

  /** The SVG of the job whose stage attempts are {@code stages}; empty when it has none yet. */
  static String svg(List<StageView> stages) {
    Map<Integer, Node> nodes = new TreeMap<>();
    for (StageView s : stages) {
      Node known = nodes.get(s.stageId());
      if (known == null || known.stage().attemptId() < s.attemptId()) {
        nodes.put(s.stageId(), new Node(s.stageId(), s));
      }
    }
    if (nodes.isEmpty()) {
      return "";
    }
    new ArrayList<>(nodes.values()).forEach(n -> n.stage().parentIds()
        .forEach(p -> nodes.putIfAbsent(p, new Node(p, null))));
    Map<Integer, Integer> depth = new HashMap<>();
    nodes.keySet().forEach(id -> depth(id, nodes, depth));
    Map<Integer, List<Node>> columns = new TreeMap<>();
    nodes.values().forEach(n -> columns.computeIfAbsent(depth.get(n.stageId()), d -> new ArrayList<>()).add(n));
    Map<Integer, int[]> position = new LinkedHashMap<>();
    int rows = 0;
    for (Map.Entry<Integer, List<Node>> column : columns.entrySet()) {
      int row = 0;
      for (Node n : column.getValue()) {
        position.put(n.stageId(), new int[] {MARGIN + column.getKey() * (BOX_WIDTH + COLUMN_GAP),
            MARGIN + row++ * (BOX_HEIGHT + ROW_GAP)});
      }
      rows = Math.max(rows, row);
    }
    int width = 2 * MARGIN + columns.size() * BOX_WIDTH + (columns.size() - 1) * COLUMN_GAP;
    int height = 2 * MARGIN + rows * BOX_HEIGHT + (rows - 1) * ROW_GAP;
    StringBuilder out = new StringBuilder("<svg class=\"stage-dag\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
        .append(height).append("\" role=\"img\" aria-label=\"Stage DAG\"><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\""
            + " refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\""
            + " fill=\"#555\"/></marker></defs>");
    for (Node n : nodes.values()) {
      if (n.skipped()) {
        continue;
      }
      int[] to = position.get(n.stageId());
      for (int parent : n.stage().parentIds()) {
        int[] from = position.get(parent);
        out.append("<line class=\"stage-edge\" x1=\"").append(from[0] + BOX_WIDTH).append("\" y1=\"")
            .append(from[1] + BOX_HEIGHT / 2).append("\" x2=\"").append(to[0]).append("\" y2=\"")
            .append(to[1] + BOX_HEIGHT / 2).append("\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>");
      }
    }
    nodes.values().forEach(n -> box(out, n, position.get(n.stageId())));
    return out.append("</svg>").toString();
  }

  private static int depth(int id, Map<Integer, Node> nodes, Map<Integer, Integer> depth) {
    Integer known = depth.get(id);
    if (known != null) {
      return known;
    }
    Node n = nodes.get(id);
    int d = 0;
    if (n != null && !n.skipped()) {
      for (int parent : n.stage().parentIds()) {
        if (parent != id) {
          d = Math.max(d, depth(parent, nodes, depth) + 1);
        }
      }
    }
    depth.put(id, d);
    return d;
  }

  private static void box(StringBuilder out, Node n, int[] at) {
    String fill;
    String label;
    if (n.skipped()) {
      fill = "#f4f4f4";
      label = "skipped (outputs existed)";
    } else {
      StageView s = n.stage();
      fill = switch (s.status()) {
        case "COMPLETE" -> "#e3f1e3";
        case "FAILED" -> "#f8dede";
        default -> "#e1ecf8";
      };
      label = s.name() + " · " + s.numCompleteTasks() + "/" + s.numTasks() + " tasks";
    }
    String title = n.skipped() ? "Stage " + n.stageId() : "Stage " + n.stageId() + "." + n.stage().attemptId();
    String description = n.skipped() ? "" : n.stage().description();
    out.append("<g class=\"stage-node").append(n.skipped() ? " skipped" : "").append("\" data-stage=\"")
        .append(n.stageId()).append("\">");
    if (!n.skipped()) {
      out.append("<a href=\"stage?id=").append(n.stageId()).append("&amp;attempt=").append(n.stage().attemptId())
          .append("\">");
    }
    out.append("<title>").append(Html.escape(title + (description.isEmpty() ? "" : ": " + description)))
        .append("</title><rect x=\"").append(at[0]).append("\" y=\"").append(at[1]).append("\" width=\"")
        .append(BOX_WIDTH).append("\" height=\"").append(BOX_HEIGHT).append("\" rx=\"6\" fill=\"").append(fill)
        .append("\" stroke=\"#555\"").append(n.skipped() ? " stroke-dasharray=\"5,4\"" : "").append("/>");
    text(out, at[0] + 10, at[1] + 18, title, "bold");
    text(out, at[0] + 10, at[1] + 34, shorten(description), "normal");
    text(out, at[0] + 10, at[1] + 50, label, "normal");
    out.append(n.skipped() ? "" : "</a>").append("</g>");
  }

  private static void text(StringBuilder out, int x, int y, String text, String weight) {
    out.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" font-size=\"12\" font-family=\"sans-serif\""
        + " font-weight=\"").append(weight).append("\" fill=\"#222\">").append(Html.escape(text)).append("</text>");
  }

  private static String shorten(String text) {
    return text.length() <= 28 ? text : text.substring(0, 27) + "…";
  }
}
